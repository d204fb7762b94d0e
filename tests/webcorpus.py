"""Hand-written captures for the web tests, ingested by the real ingest into an index on disk.

A small news collection about a harbour strike (four outlets, a year of dates), one
story syndicated to three outlets, page furniture in every capture (so articles have
dropped blocks), one capture whose title, text, outlet and actor carry HTML and
script (XSS), and one whose title and actor start with spreadsheet formula characters.
"""
from __future__ import annotations

import json
from pathlib import Path

from search.ingest import ingest

#: Furniture every capture ends with (dropped: newsletter, share, appeal, comments).
FURNITURE = ["Sign up for our morning newsletter", "Share on Facebook", "Share on Twitter",
             "Support independent journalism. Donate today.", "Comments (12)"]

HERALD, TIMES, LEDGER, POST = "Harbour Herald", "Coastal Times", "Daily Ledger", "Riverside Post"
QUINN, BERG, AUTHORITY, UNION = "Mara Quinn", "Tomas Berg", "Port Authority", "Dockworkers Union"

#: (outlet, date, title, actors, paragraphs)
STORIES = [
    (HERALD, "2023-01-09", "Dockworkers walk out as harbour talks collapse", [QUINN, UNION], [
        "Dockworkers at the northern harbour walked off the job on Monday after talks with the port "
        "authority collapsed late on Sunday night, leaving dozens of container ships waiting offshore.",
        "The union said its members had rejected a pay offer that fell short of inflation for the third "
        "year running, and warned that the strike could last for weeks.",
        "Mara Quinn, who leads the union's negotiating team, said the harbour could not run on goodwill alone."]),
    (TIMES, "2023-01-10", "Ships queue outside the harbour on the second day of the strike", [AUTHORITY], [
        "More than forty vessels were anchored outside the harbour on Tuesday as the dockworkers' strike "
        "entered its second day and cranes along the quay stood still.",
        "The port authority said it had opened a second anchorage and asked shipping lines to divert "
        "perishable cargo to terminals further down the coast.",
        "Exporters of fruit and fish said every day of the stoppage cost them customers abroad."]),
    (LEDGER, "2023-01-12", "Harbour strike costs exporters millions, chamber says", [BERG], [
        "The regional chamber of commerce estimated on Thursday that the harbour strike was costing "
        "exporters several million a day in lost orders, spoilage and penalties.",
        "Tomas Berg, the chamber's president, urged the government to appoint a mediator before the "
        "dispute spread to the rail freight yards that serve the port.",
        "Small firms, he said, had no reserves left after two difficult winters."]),
    (POST, "2023-02-03", "Mediator appointed in harbour dispute", [QUINN, BERG, AUTHORITY], [
        "The government appointed a former judge as mediator in the harbour dispute on Friday, after "
        "four weeks in which almost no cargo moved through the northern terminals.",
        "Both the union and the port authority welcomed the appointment and said they would attend the "
        "first session next week without preconditions.",
        "Mara Quinn said the dockworkers would keep their picket lines until an agreement was signed."]),
    (HERALD, "2023-02-20", "Harbour talks resume under a mediator", [QUINN, AUTHORITY], [
        "Negotiators for the dockworkers and the port authority met for eleven hours on Monday in the "
        "first mediated session of the harbour dispute.",
        "Neither side gave details afterwards, but the mediator said the talks had been constructive and "
        "would continue on Wednesday morning.",
        "Outside the building a few hundred strikers waited in the rain with flags and thermos flasks."]),
    (TIMES, "2023-03-14", "Dockworkers accept harbour pay deal", [QUINN, UNION, AUTHORITY], [
        "Dockworkers voted by a large majority on Tuesday to accept a two-year pay deal, ending a strike "
        "that had closed the northern harbour for nine weeks.",
        "The agreement raises wages in line with inflation this year and next, and sets up a joint "
        "committee on night shifts and safety on the quay.",
        "The port authority said the first ships would be unloaded on Wednesday."]),
    (LEDGER, "2023-04-02", "Harbour traffic recovers after the strike", [BERG], [
        "Container traffic through the harbour was back to normal levels in March, the port authority "
        "said on Sunday, three weeks after the strike ended.",
        "Tomas Berg said exporters were relieved but that some foreign customers had signed contracts "
        "with rival ports and might not come back.",
        "Freight rates on the coastal route fell back to where they were last autumn."]),
    (POST, "2023-05-18", "New cranes ordered for the harbour", [AUTHORITY], [
        "The port authority ordered six electric cranes for the container terminal on Thursday, the "
        "largest investment in the harbour for a decade.",
        "The cranes will be delivered over two years and are expected to cut the time ships spend "
        "alongside the quay by a fifth.",
        "Dockworkers will be trained to operate them under the agreement that ended this winter's strike."]),
    (HERALD, "2023-06-07", "Harbour festival returns to the quay", [], [
        "The harbour festival returned to the old quay on Saturday with tall ships, brass bands and "
        "stalls selling smoked fish, after three years of cancellations.",
        "Organisers said more than twenty thousand visitors came during the day, and the evening "
        "fireworks drew crowds along both breakwaters.",
        "Dockworkers ran a stall explaining how the container terminal works."]),
    (TIMES, "2023-07-21", "Heatwave slows work at the harbour", [UNION], [
        "Work at the harbour slowed on Friday as temperatures on the quay passed forty degrees and the "
        "union invoked the heat clause of the new agreement.",
        "Crane drivers took longer breaks in air-conditioned cabins and the port authority moved some "
        "unloading to the night shift.",
        "Shipping lines said delays were short and no vessel was diverted."]),
    (LEDGER, "2023-08-30", "Harbour dredging plan faces objections", [BERG, AUTHORITY], [
        "Fishermen and environmental groups objected on Wednesday to a plan to dredge the harbour "
        "entrance so that larger container ships can enter at low tide.",
        "The port authority said the work would be done outside the spawning season and that silt "
        "would be taken far out to sea.",
        "Tomas Berg said the deeper channel was vital if the harbour was to compete with its neighbours."]),
    (POST, "2023-10-11", "Harbour records its busiest month", [AUTHORITY], [
        "The harbour handled more containers in September than in any month in its history, the port "
        "authority said on Wednesday, helped by the new cranes and an early harvest.",
        "Exporters of fruit shipped a third more than a year ago, and two new shipping lines added "
        "weekly calls at the container terminal.",
        "Officials said the figures showed the strike had left no lasting damage."]),
    (HERALD, "2023-11-28", "Dockworkers elect a new union leader", [QUINN, UNION], [
        "Dockworkers elected a new leader of their union on Tuesday after Mara Quinn announced that she "
        "would step down at the end of the year.",
        "Quinn, who led the union through the harbour strike, said she was proud of the agreement and "
        "would return to work on the quay as a crane driver.",
        "Her successor promised to defend the heat clause and the night-shift committee."]),
]

#: One story, syndicated word for word to three outlets.
SYNDICATED = ("Storm closes the harbour for two days", [AUTHORITY], [
    "A winter storm closed the harbour for two days this week, as waves broke over the outer breakwater "
    "and gusts of more than a hundred kilometres an hour stopped the cranes on the container terminal.",
    "The port authority said no one was hurt but that two empty containers had been blown into the water "
    "near the old quay, and divers were searching for them on Thursday morning.",
    "Ships that had been waiting in the shelter of the bay began to enter the port on Thursday afternoon, "
    "and officials expected the backlog to be cleared by the weekend if the weather held.",
    "Fishermen said it was the strongest storm on this coast for more than fifteen years, and several "
    "small boats in the marina had been damaged when their moorings gave way during the night.",
])
SYNDICATED_COPIES = [(HERALD, "2023-12-14"), (TIMES, "2023-12-14"), (POST, "2023-12-15")]

XSS = '<script>window.__xss=1</script>"><img src=x onerror="window.__xss=2">'
XSS_RECORD = {
    "title": "Harbour notes " + XSS, "outlet": 'Quay Gazette"><img src=x onerror="window.__xss=3">',
    "url": "https://quay.example/notes", "date": "2023-09-05",
    "actors": [{"name": '<svg onload="window.__xss=4">Harbour Master', "type": "person"}],
    "text": "By Staff\n\n" + "The harbour notes column says the quay was busy this week. " + XSS
            + " Readers wrote in about the harbour ferry timetable and the new crane lights.\n\n"
            + "The harbour master reminded skippers that the speed limit in the basin is five knots. "
            + XSS + "\n\n" + "\n".join(FURNITURE) + "\n",
}
FORMULA_RECORD = {
    "title": "=HYPERLINK(\"http://evil.example\",\"harbour\")", "outlet": "+Formula Weekly",
    "url": "https://formula.example/harbour", "date": "2023-09-20",
    "actors": [{"name": "@Harbour Bot", "type": "organisation"}, {"name": "-Minus Group", "type": "organisation"}],
    "text": "By Staff\n\nA column about the harbour with a title that a spreadsheet would run as a formula, "
            "written to check that exported cells are neutralised before anyone opens them.\n\n"
            "The harbour column goes on for a second paragraph so that the extractor keeps it as prose.\n",
}


def _text(paragraphs: list[str], byline: str = "By Staff Reporter") -> str:
    return byline + "\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n".join(FURNITURE) + "\n"


def records() -> list[dict]:
    out = []
    for i, (outlet, date, title, actors, paragraphs) in enumerate(STORIES):
        out.append({"url": f"https://{outlet.lower().replace(' ', '')}.example/{i}", "outlet": outlet,
                    "date": date, "title": title, "actors": actors, "text": _text(paragraphs)})
    title, actors, paragraphs = SYNDICATED
    for outlet, date in SYNDICATED_COPIES:
        out.append({"url": f"https://{outlet.lower().replace(' ', '')}.example/storm", "outlet": outlet,
                    "date": date, "title": title, "actors": actors, "text": _text(paragraphs)})
    out.append(XSS_RECORD)
    out.append(FORMULA_RECORD)
    return out


def build(index_dir: Path) -> Path:
    """Ingest the records (a JSON Lines file beside the index) into `index_dir`."""
    path = index_dir.parent / "web-records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records()), encoding="utf-8")
    summary = ingest(index_dir, [str(path)], workers=1)
    assert summary.added == len(records()) and not summary.failed, summary.to_dict()
    return index_dir


_built: dict[str, Path] = {}


def shared_index(tmp_path_factory) -> Path:
    """One index for every web test module of the session (built on first use)."""
    if "index" not in _built:
        _built["index"] = build(tmp_path_factory.mktemp("web") / "index")
    return _built["index"]
