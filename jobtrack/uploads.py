"""An upload handler that bounds multipart bodies before anything is written to disk.

Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but writes file parts above
FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file without any bound. This handler runs
first: it refuses a body announced larger than UPLOAD_MAX_REQUEST_SIZE, and stops a file
part the moment it passes UPLOAD_MAX_FILE_SIZE, whatever the Content-Length claimed.
RequestDataTooBig reaches jobtrack.views.bad_request, which answers with the 413 page.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class SizeLimitUploadHandler(FileUploadHandler):
    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ):
        if content_length > settings.UPLOAD_MAX_REQUEST_SIZE:
            raise RequestDataTooBig(
                f"Request body of {content_length} bytes exceeds UPLOAD_MAX_REQUEST_SIZE."
            )

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_FILE_SIZE:
            raise RequestDataTooBig(
                f"Uploaded file {self.file_name!r} exceeds UPLOAD_MAX_FILE_SIZE."
            )
        return raw_data

    def file_complete(self, file_size):
        return None
