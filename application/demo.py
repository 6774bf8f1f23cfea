"""Demo data so a newcomer sees something: a user, a dozen deals, two collections."""

from __future__ import annotations

from dataclasses import dataclass

from application.api_keys import ApiKeys, IssuedKey
from application.collection_items import CollectionItems
from application.collections import Collections
from application.listings import ListingCatalog
from application.share_links import ShareLinks
from application.users import UserAdmin
from domain.collections import Collection, ItemStatus
from domain.listing_parts import (
    Cpu,
    DdrGeneration,
    ListingMetadata,
    Metrics,
    Performance,
    Ram,
    Storage,
    StorageMedium,
    Valuation,
)
from domain.listings import Condition, Listing
from domain.pages import PageRequest
from domain.visibility import Visibility

DEMO_USERNAME = "demo"

# title, price, adjusted, seller, cpu (name, maker, cores, multi mark), ram GB, ddr, ssd GB,
# manufacturer, series, condition
_DEALS = [
    ("HP EliteDesk 800 G4 Mini i5-8500T 16GB 256GB", 129.0, 165.0, "ebay:pc_renew",
     ("Intel Core i5-8500T", "Intel", 6, 9500), 16, DdrGeneration.DDR4, 256, "HP",
     "EliteDesk 800 G4", Condition.REFURB),
    ("Lenovo ThinkCentre M720q i5-8400T 8GB 256GB", 115.0, 118.0, "ebay:techsurplus",
     ("Intel Core i5-8400T", "Intel", 6, 8800), 8, DdrGeneration.DDR4, 256, "Lenovo",
     "ThinkCentre M720q", Condition.USED),
    ("Dell OptiPlex 7070 Micro i7-9700T 32GB 512GB", 239.0, 262.0, "ebay:officeoutlet",
     ("Intel Core i7-9700T", "Intel", 8, 12100), 32, DdrGeneration.DDR4, 512, "Dell",
     "OptiPlex 7070 Micro", Condition.REFURB),
    ("Beelink SER7 Ryzen 7 7840HS 32GB 1TB", 459.0, 430.0, "amazon:beelink",
     ("AMD Ryzen 7 7840HS", "AMD", 8, 29000), 32, DdrGeneration.DDR5, 1024, "Beelink",
     "SER7", Condition.NEW),
    ("Minisforum UM790 Pro Ryzen 9 7940HS 32GB 1TB", 519.0, 505.0, "minisforum.com",
     ("AMD Ryzen 9 7940HS", "AMD", 8, 30500), 32, DdrGeneration.DDR5, 1024, "Minisforum",
     "UM790 Pro", Condition.NEW),
    ("Intel NUC 11 Pro i5-1135G7 16GB 512GB", 289.0, 270.0, "ebay:nucdeals",
     ("Intel Core i5-1135G7", "Intel", 4, 10300), 16, DdrGeneration.DDR4, 512, "Intel",
     "NUC 11 Pro", Condition.USED),
    ("HP ProDesk 600 G6 Mini i5-10500T 16GB 512GB", 189.0, 222.0, "ebay:pc_renew",
     ("Intel Core i5-10500T", "Intel", 6, 10600), 16, DdrGeneration.DDR4, 512, "HP",
     "ProDesk 600 G6", Condition.REFURB),
    ("Lenovo ThinkCentre M75q Gen 2 Ryzen 5 PRO 4650GE 16GB 256GB", 199.0, 241.0,
     "ebay:techsurplus", ("AMD Ryzen 5 PRO 4650GE", "AMD", 6, 15500), 16,
     DdrGeneration.DDR4, 256, "Lenovo", "ThinkCentre M75q", Condition.USED),
    ("Dell OptiPlex 3080 Micro i3-10100T 8GB 128GB", 99.0, 92.0, "ebay:officeoutlet",
     ("Intel Core i3-10100T", "Intel", 4, 7300), 8, DdrGeneration.DDR4, 128, "Dell",
     "OptiPlex 3080 Micro", Condition.USED),
    ("GMKtec NucBox K8 Ryzen 7 8845HS 32GB 1TB", 479.0, 468.0, "amazon:gmktec",
     ("AMD Ryzen 7 8845HS", "AMD", 8, 28700), 32, DdrGeneration.DDR5, 1024, "GMKtec",
     "NucBox K8", Condition.NEW),
    ("Mac mini M2 8GB 256GB", 499.0, 455.0, "apple:refurb",
     ("Apple M2", "Apple", 8, 15000), 8, DdrGeneration.LPDDR5, 256, "Apple", "Mac mini",
     Condition.REFURB),
    ("Fujitsu Esprimo Q957 i5-7500T 8GB 256GB", 79.0, 96.0, "ebay:euro_it",
     ("Intel Core i5-7500T", "Intel", 4, 5600), 8, DdrGeneration.DDR4, 256, "Fujitsu",
     "Esprimo Q957", Condition.USED),
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoData:
    key: IssuedKey
    listings: list[Listing]
    public: Collection
    unlisted: Collection
    share_token: str


def demo_listings() -> list[Listing]:
    listings = []
    for number, deal in enumerate(_DEALS, start=1):
        title, price, adjusted, seller, cpu, ram, ddr, ssd, maker, series, cond = deal
        cpu_name, cpu_maker, cores, multi = cpu
        listings.append(
            Listing(
                title=title,
                price_usd=price,
                condition=cond,
                seller=seller,
                listing_url=f"https://deals.example/{maker.lower()}/{number}",
                valuation=Valuation(base_price_usd=price, adjusted_price_usd=adjusted),
                performance=Performance(
                    cpu=Cpu(name=cpu_name, manufacturer=cpu_maker, cores=cores,
                            cpu_mark_multi=multi),
                    ram=Ram(total_gb=ram, ddr_generation=ddr),
                    storage_primary=Storage(capacity_gb=ssd, medium=StorageMedium.NVME),
                    metrics=Metrics(
                        dollar_per_cpu_mark_multi=round(price / multi * 1000, 2),
                        score_composite=round(multi / price, 2),
                    ),
                ),
                metadata=ListingMetadata(manufacturer=maker, series=series),
            )
        )  # fmt: skip
    return listings


class DemoSeeder:
    def __init__(
        self,
        users: UserAdmin,
        keys: ApiKeys,
        listings: ListingCatalog,
        collections: Collections,
        items: CollectionItems,
        share_links: ShareLinks,
    ) -> None:
        self._users = users
        self._keys = keys
        self._listings = listings
        self._collections = collections
        self._items = items
        self._share_links = share_links

    async def already_seeded(self) -> bool:
        return any(u.username == DEMO_USERNAME for u in await self._users.list_users())

    async def existing_links(self) -> tuple[list[Collection], list[str]]:
        """What a returning newcomer can open again: the demo's collections and live links."""
        user = next(u for u in await self._users.list_users() if u.username == DEMO_USERNAME)
        page = await self._collections.list_mine(user, PageRequest(limit=10))
        tokens = []
        for collection in page.items:
            assert collection.id is not None
            links = await self._share_links.list(user, collection.id)
            tokens += [link.token for link in links if link.revoked_at is None]
        return page.items, tokens

    async def seed(self) -> DemoData:
        user = await self._users.create_user(DEMO_USERNAME, "Demo Deal Hunter")
        key = await self._keys.create(DEMO_USERNAME, "demo")
        listings = [await self._listings.create(user, listing) for listing in demo_listings()]
        public = await self._collections.create(
            user, "Best 1L mini PCs under $300",
            "Tiny, quiet, cheap: office minis that make great home servers.",
            Visibility.PUBLIC,
        )  # fmt: skip
        unlisted = await self._collections.create(
            user, "Ryzen homelab shortlist", "Candidates for the Proxmox box.", Visibility.UNLISTED
        )
        for listing in listings:
            assert listing.id is not None and public.id is not None and unlisted.id is not None
            if listing.price_usd < 300:
                await self._items.add(user, public.id, listing.id, status=ItemStatus.SHORTLISTED)
            if "Ryzen" in listing.title:
                await self._items.add(user, unlisted.id, listing.id, notes="check idle power")
        # Two more public ones, so home and discover have something to list and sort.
        for name, description, wanted in (
            (
                "Under $150 office minis",
                "Cheap 1L boxes for Pi-hole, Home Assistant and friends.",
                lambda listing: listing.price_usd < 150,
            ),
            (
                "DDR5 mini PCs worth the money",
                "Newer Ryzen boxes with DDR5 and fast NVMe.",
                _has_ddr5,
            ),
        ):
            extra = await self._collections.create(user, name, description, Visibility.PUBLIC)
            assert extra.id is not None
            for listing in filter(wanted, listings):
                assert listing.id is not None
                await self._items.add(user, extra.id, listing.id)
        # Two prices dropped since they were collected: the pages show by how much.
        for listing, cut in ((listings[0], 20.0), (listings[7], 30.0)):
            assert listing.id is not None
            await self._listings.update(user, listing.id, {"price_usd": listing.price_usd - cut})
        assert unlisted.id is not None
        link = await self._share_links.create(user, unlisted.id)
        return DemoData(key, listings, public, unlisted, link.token)


def _has_ddr5(listing: Listing) -> bool:
    ram = listing.performance.ram if listing.performance else None
    return ram is not None and ram.ddr_generation is DdrGeneration.DDR5
