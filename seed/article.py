"""Read the seed facts out of the news report the portal's demo data comes from."""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

ARTICLE = Path(__file__).with_name("seed-article.txt")

_NUMBER_WORDS = {
    "six": 6,
    "fourteen": 14,
    "eighteen": 18,
    "fifty-seven": 57,
}
_MONTHS = {
    name[:3].lower(): number
    for number, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}


class ArticleError(ValueError):
    """The article does not state a fact the seed needs."""


@dataclass(frozen=True)
class SeedFacts:
    commission_name: str
    commission_seats: int
    secretariat_seats: int
    ministry_count: int
    signed_on: datetime.date
    signed_by_title: str
    signed_by: str
    chair: str
    chair_title: str
    chief: str
    chief_title: str
    deputy_director: str
    deputy_director_title: str
    named_ministries: tuple
    ngos: tuple
    task_force_count: int
    task_force_focus: str


def _number(text):
    text = text.lower()
    return int(text) if text.isdigit() else _NUMBER_WORDS[text]


def _title(words):
    return " ".join(word if word == "and" else word[0].upper() + word[1:] for word in words.split())


def _find(pattern, text, what):
    match = re.search(pattern, text)
    if match is None:
        raise ArticleError(f"The article does not say {what} (looked for /{pattern}/).")
    return match


def read_facts(path=ARTICLE):
    """Return the facts the seed is built from, as the article states them."""
    text = Path(path).read_text(encoding="utf-8").replace("\u2019", "'")
    name = _find(r"National Commission to Combat(?: (?:[A-Z][\w-]*,?|and))+", text, "the commission's name")
    seats = _find(r"(\w+)-member Commission, led by (\w+) Minister ([A-Z]\w+ [A-Z]\w+)", text, "its size and chair")
    signed = _find(
        r"(Prime Minister) ([A-Z]\w+ [A-Z]\w+) formed .*? sub-decree signed on (\w+)\.? (\d+), (\d{4})",
        text,
        "who signed the sub-decree and when",
    )
    secretariat = _find(
        r"secretariat that consists of (\w+) government officials from (\w+) ministries",
        text,
        "the size of the secretariat",
    )
    chief = _find(
        r"said ([A-Z]\w+ [A-Z]\w+ [A-Z]\w+), undersecretary of state at the (\w+) Ministry and chief",
        text,
        "who leads the secretariat",
    )
    deputy = _find(
        r"said ([A-Z]\w+ [A-Z]\w+), deputy director of (\w+) Ministry's ([\w -]+?) department",
        text,
        "who else speaks for the secretariat",
    )
    named = _find(
        r"(\w+) ministries including the (Ministry of \w+) and the (Ministry of [\w ]+?) are members",
        text,
        "which ministries are members",
    )
    ngos = _find(
        r"Heads of two local NGOs, ([\w ]+?) and ([\w ]+?), have been named", text, "which NGOs sit on the secretariat"
    )
    task_forces = _find(r"(\w+) task forces which will focus on ([^.]+)\.", text, "the task forces")

    month = _MONTHS[signed.group(3)[:3].lower()]
    return SeedFacts(
        commission_name=name.group(0).rstrip(", "),
        commission_seats=_number(seats.group(1)),
        chair_title=f"Minister of {seats.group(2)}",
        chair=seats.group(3),
        signed_by_title=signed.group(1),
        signed_by=signed.group(2),
        signed_on=datetime.date(int(signed.group(5)), month, int(signed.group(4))),
        secretariat_seats=_number(secretariat.group(1)),
        ministry_count=_number(secretariat.group(2)),
        chief=chief.group(1),
        chief_title=f"Undersecretary of State, Ministry of {chief.group(2)}",
        deputy_director=deputy.group(1),
        deputy_director_title=f"Deputy Director, {_title(deputy.group(3))} Department, Ministry of {deputy.group(2)}",
        named_ministries=(named.group(2), named.group(3)),
        ngos=(ngos.group(1), ngos.group(2)),
        task_force_count=_number(task_forces.group(1)),
        task_force_focus=task_forces.group(2),
    )
