"""Every user-facing string has a Khmer translation, and the compiled catalogue is current."""

import re
from pathlib import Path

import polib
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale" / "km" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def test_every_string_is_translated():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    assert len(catalogue) > 100
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert catalogue.obsolete_entries() == []


def test_placeholders_survive_translation():
    for entry in polib.pofile(str(LOCALE / "django.po")):
        # Khmer has one plural form, used for every count: it follows the plural (which names the count).
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            assert sorted(PLACEHOLDER.findall(translation)) == expected, entry.msgid


def test_translations_are_khmer():
    khmer = re.compile("[\u1780-\u17ff]")
    for entry in polib.pofile(str(LOCALE / "django.po")):
        translation = entry.msgstr or entry.msgstr_plural.get(0, "")
        if entry.msgid in {"API", "English"} or not re.search("[A-Za-z]{3}", entry.msgid):
            continue
        assert khmer.search(translation), entry.msgid


def test_compiled_catalogue_matches_the_source():
    source = {
        entry.msgid: entry.msgstr or entry.msgstr_plural.get(0) for entry in polib.pofile(str(LOCALE / "django.po"))
    }
    compiled = {
        entry.msgid: entry.msgstr or entry.msgstr_plural.get(0) for entry in polib.mofile(str(LOCALE / "django.mo"))
    }
    compiled.pop("", None)
    assert compiled == source, "run `make messages` to compile locale/km"
