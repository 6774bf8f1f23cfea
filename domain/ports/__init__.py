"""The ports: what the core needs from the outside world, in the core's words."""

from domain.ports.cards import Blob, BlobCache, BlobStoreUnavailable, ImageRenderer
from domain.ports.clock import Clock
from domain.ports.collections import CollectionRepo
from domain.ports.events import EventSink
from domain.ports.listings import ListingRepo
from domain.ports.offload import Offload
from domain.ports.previews import PreviewStore
from domain.ports.sharing import ReportRepo, ShareTokenRepo
from domain.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from domain.ports.users import ApiKeyRepo, UserRepo

__all__ = [
    "ApiKeyRepo",
    "Blob",
    "BlobCache",
    "BlobStoreUnavailable",
    "Clock",
    "CollectionRepo",
    "EventSink",
    "ImageRenderer",
    "ListingRepo",
    "Offload",
    "PreviewStore",
    "ReportRepo",
    "ShareTokenRepo",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepo",
]
