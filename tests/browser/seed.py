"""What the browser and unfurl tests look at, made through the real HTTP API with alice's key.

- 21 public "Filler shelf NN" collections (made first, so they are the oldest): enough for
  a second page of /discover?q=filler.
- "Quokka homelab minis", public: three listings with full specs, added in order; the first
  one's price drops by $30 afterwards ("−$30 since added").
- "Wombat weekend builds", unlisted, with a live share link and a revoked one.
- "Secret stash", private.
- A public collection full of hostile text (markup, quotes, an RTL override, emoji, CJK,
  a word as long as an item note may be), holding a listing whose title is an <img> tag,
  whose original URL is `javascript:` and whose notes are one 5,000-character word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from domain.collections import ITEM_NOTES_MAX

FILLERS = 21
FILLER_WORD = "filler"
PUBLIC_WORD = "quokka"
PUBLIC_NAME = "Quokka homelab minis"
UNLISTED_NAME = "Wombat weekend builds"
PRIVATE_NAME = "Secret stash"
HOSTILE_NAME = "<script>alert(1)</script> \"quotes\" 'x'"
HOSTILE_DESCRIPTION = (
    "Right-to-left \u202eoverride\u202c inside; screens 🖥️ and 迷你电脑 mini PCs; "
    "<b>not bold</b> & <a href=javascript:alert(2)>not a link</a>"
)
HOSTILE_TITLE = "Trap <img src=x onerror=alert(1)> 迷你电脑 🖥️"
# The API caps an item note at ITEM_NOTES_MAX (500) characters: the longest word it takes.
HOSTILE_NOTE = "N" * ITEM_NOTES_MAX
LONG_WORD = "W" * 5000
PRICE_DROP = 30


def _specs(cpu: str, cores: int, mark: int, ram_gb: int, storage_gb: int) -> dict[str, Any]:
    return {
        "performance": {
            "cpu": {
                "name": cpu,
                "manufacturer": cpu.split()[0],
                "cores": cores,
                "threads": cores * 2,
                "cpu_mark_multi": mark,
            },
            "gpu": {"name": "Intel UHD Graphics 630", "manufacturer": "Intel"},
            "ram": {"total_gb": ram_gb, "ddr_generation": "ddr4", "speed_mhz": 2666},
            "storage_primary": {"capacity_gb": storage_gb, "medium": "nvme"},
            "metrics": {"score_composite": 71.5},
            "ports": {"ports": [{"type": "usb_a", "count": 4}, {"type": "hdmi", "count": 1}]},
        },
    }


LISTINGS: list[dict[str, Any]] = [
    {
        "title": "Lenovo ThinkCentre M720q Tiny",
        "price_usd": 149,
        "condition": "refurb",
        "seller": "ServerMonkey",
        "listing_url": "https://deals.example.com/m720q?ref=db",
        "device_model": "M720q",
        "valuation": {"base_price_usd": 149, "adjusted_price_usd": 199, "ruleset_name": "Minis"},
        "metadata": {
            "manufacturer": "Lenovo",
            "series": "ThinkCentre",
            "model_number": "10T7",
            "form_factor": "Tiny",
        },
        **_specs("Intel Core i5-8500T", 6, 9600, 16, 512),
    },
    {
        "title": "Dell OptiPlex 7070 Micro",
        "price_usd": 229,
        "condition": "used",
        "seller": "eBay",
        "listing_url": "https://deals.example.com/7070",
        "valuation": {"base_price_usd": 229, "adjusted_price_usd": 219},
        "metadata": {"manufacturer": "Dell", "series": "OptiPlex", "form_factor": "Micro"},
        **_specs("Intel Core i7-9700T", 8, 13300, 32, 1024),
    },
    {
        "title": "HP EliteDesk 800 G4 Mini",
        "price_usd": 129,
        "condition": "new",
        "valuation": {"base_price_usd": 129, "adjusted_price_usd": 150},
        **_specs("Intel Core i5-8500T", 6, 9600, 8, 256),
    },
]


@dataclass
class Seed:
    listing_ids: list[int]  # in the order they were added to the public collection
    changed_listing_id: int  # its price dropped by PRICE_DROP after it was added
    public_id: int
    unlisted_id: int
    share_token: str
    share_token_id: int
    share_path: str
    revoked_token: str
    private_id: int
    hostile_id: int
    hostile_listing_id: int

    @property
    def listing_id(self) -> int:
        return self.changed_listing_id


def _ok(response: httpx.Response) -> Any:
    assert response.status_code in (200, 201, 204), (
        f"{response.request.method} {response.request.url} answered "
        f"{response.status_code}: {response.text}"
    )
    return response.json() if response.content else None


def seed(owner: httpx.Client) -> Seed:
    def collection(name: str, visibility: str, description: str | None = None) -> int:
        body = {"name": name, "visibility": visibility, "description": description}
        return int(_ok(owner.post("/collections", json=body))["id"])

    def add(collection_id: int, listing_id: int, notes: str | None = None) -> None:
        body = {"listing_id": listing_id, "notes": notes}
        _ok(owner.post(f"/collections/{collection_id}/items", json=body))

    for number in range(1, FILLERS + 1):
        collection(f"Filler shelf {number:02}", "public", "Nothing to see, just a filler.")

    listing_ids = [int(_ok(owner.post("/listings", json=body))["id"]) for body in LISTINGS]
    public_id = collection(PUBLIC_NAME, "public", "Tiny, quiet PCs for a homelab rack.")
    for listing_id, notes in zip(listing_ids, ["Proxmox node", None, "For my parents"]):
        add(public_id, listing_id, notes)
    changed = listing_ids[0]
    new_price = LISTINGS[0]["price_usd"] - PRICE_DROP
    _ok(owner.patch(f"/listings/{changed}", json={"price_usd": new_price}))

    unlisted_id = collection(UNLISTED_NAME, "unlisted", "Builds for the weekend.")
    add(unlisted_id, listing_ids[1])
    add(unlisted_id, listing_ids[2])
    link = _ok(owner.post(f"/collections/{unlisted_id}/share-tokens"))
    assert link["path"] == f"/s/{link['token']}", link
    if "url" in link:  # the link to hand out: the public URL and the path
        assert link["url"] == str(owner.base_url).rstrip("/") + link["path"], link
    revoked = _ok(owner.post(f"/collections/{unlisted_id}/share-tokens"))
    _ok(owner.delete(f"/collections/{unlisted_id}/share-tokens/{revoked['id']}"))

    private_id = collection(PRIVATE_NAME, "private")
    add(private_id, listing_ids[2])

    hostile_listing = {
        "title": HOSTILE_TITLE,
        "price_usd": 99.5,
        "condition": "used",
        "seller": '"><script>alert(3)</script>',
        "listing_url": "javascript:alert(4)",
        "notes": LONG_WORD,
        **_specs("AMD Ryzen 7 5700U", 8, 16000, 16, 512),
    }
    hostile_listing_id = int(_ok(owner.post("/listings", json=hostile_listing))["id"])
    hostile_id = collection(HOSTILE_NAME, "public", HOSTILE_DESCRIPTION)
    add(hostile_id, hostile_listing_id, HOSTILE_NOTE)

    return Seed(
        listing_ids=listing_ids,
        changed_listing_id=changed,
        public_id=public_id,
        unlisted_id=unlisted_id,
        share_token=link["token"],
        share_token_id=int(link["id"]),
        share_path=link["path"],
        revoked_token=revoked["token"],
        private_id=private_id,
        hostile_id=hostile_id,
        hostile_listing_id=hostile_listing_id,
    )
