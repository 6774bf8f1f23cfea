"""filesystem adapter: the embedded-default BlobCache."""

from adapters.filesystem.blobs import FilesystemBlobCache

__all__ = ["FilesystemBlobCache"]
