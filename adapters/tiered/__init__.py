"""tiered adapter: a front BlobCache (memory) over a back one (S3 or filesystem)."""

from adapters.tiered.blobs import TieredBlobCache

__all__ = ["TieredBlobCache"]
