"""Small wording helpers shared by letters and emails."""


def names_joined(names: list[str], *, most: int | None = None) -> str:
    """ "Ana", "Ana and Ben", "Ana, Ben and Chloe"; past `most` names,
    "Ana, Ben and 3 others". Empty names are left out; none at all gives ""."""
    names = [name for name in names if name]
    if most is not None and len(names) > most:
        return f"{names[0]}, {names[1]} and {len(names) - 2} others"
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
