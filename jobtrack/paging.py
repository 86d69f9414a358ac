"""Pages of a list that grows with the user's data, counted only up to a cap.

Past the cap a list says "more than" (as the record does) and its pages say "Page N"
with Previous and Next, Next shown when one more row follows the page: a page then
costs the same whether the user has a few hundred rows or a hundred thousand. Under the
cap it is Django's Paginator as it always was: the exact count and "Page N of M".
"""

from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator


class CappedPaginator(Paginator):
    """A Paginator over rows that answer ``count_up_to(limit)`` (a count that stops at
    ``limit``) as well as ``count()``. The full count is read only for a page number
    past the rows the capped count vouches for, to tell whether it exists and, when it
    does not, which page is the last."""

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        """The number of rows, or ``cap + 1`` when there are more than ``cap``."""
        return self.object_list.count_up_to(self.cap + 1)

    @cached_property
    def over_cap(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        """Past the cap, from the full count: read only for a page number past the
        counted rows, and for the last page when one asked for does not exist."""
        if not self.over_cap:
            return super().num_pages
        return max(1, -(-self.object_list.count() // self.per_page))

    def validate_number(self, number) -> int:
        """Django's rules; past the cap, a page of the counted rows is taken as it is."""
        if not self.over_cap:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if (number - 1) * self.per_page >= self.count and number > self.num_pages:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if not self.over_cap:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        return CappedPage(
            rows[: self.per_page], number, self, has_next=len(rows) > self.per_page
        )


class CappedPage(Page):
    """A page past the cap: whether a next page exists is known from the one row read
    after it, not from a count of them all."""

    def __init__(self, object_list, number, paginator, *, has_next: bool):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def next_page_number(self) -> int:
        return self.number + 1
