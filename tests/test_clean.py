"""Cleaning on real pages (seeds, FRTimeBank) and near-duplicate detection."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from datasketch.lsh import _optimal_param

from veille.clean import (
    MemoryBandIndex,
    NearDuplicateDetector,
    clean_article,
    clean_text,
    is_furniture,
    minhash_from_bytes,
    optimal_bands,
    repeated_headline,
    signature_to_bytes,
)
from veille.clean.boilerplate import load_rules
from veille.records import Article

SEED_HEADER = re.compile(r"^ date \S+ ")
HEADLINE_004 = "Les États-Unis pressent Israël d'en faire plus pour protéger les civils à Gaza"


def read_body(path: Path) -> str:
    """File text without the seed/FRTimeBank ' date YYYY-MM ' prefix (the reader's job)."""
    return SEED_HEADER.sub("", path.read_text(encoding="utf-8"), count=1)


def layout(text: str) -> str:
    """The only normalisation cleaning may apply to clean text: trailing spaces, blank lines."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def paragraphs(text: str) -> list[str]:
    return [p for p in layout(text).split("\n\n") if p]


def seed(shared: Path, prefix: str) -> str:
    (path,) = sorted((shared / "seeds").glob(f"{prefix}_*.txt"))
    return read_body(path)


# --- seed 004: the page with furniture --------------------------------------------------------


@pytest.fixture(scope="module")
def raw004(shared: Path) -> str:
    return seed(shared, "004")


@pytest.fixture(scope="module")
def clean004(raw004: str) -> str:
    return clean_text(raw004)


def test_seed004_furniture_removed(clean004: str) -> None:
    assert "Rechercher" not in clean004
    assert "Dernières Infos" not in clean004
    assert "Photo d'illustration/AFP" not in clean004
    assert "Le secrétaire d'Etat américain Antony Blinken.\n" not in clean004
    assert clean004.count(HEADLINE_004) == 1
    assert clean004.startswith(HEADLINE_004 + "\n\n")


def test_seed004_truncated_teaser_removed(clean004: str) -> None:
    assert "..." not in clean004
    assert "diplomatique.M. Blinken" not in clean004
    assert clean004.count("Le secrétaire d'Etat américain Antony Blinken a incité Israël") == 1
    assert clean004.endswith("dans les bombardements israéliens.")


def test_seed004_every_body_paragraph_intact_and_in_order(raw004: str, clean004: str) -> None:
    raw = paragraphs(raw004)
    body = raw[raw.index(HEADLINE_004) + 3 : -1]  # after headline x2 and caption; minus teaser
    assert len(body) == 10
    assert paragraphs(clean004) == [HEADLINE_004, *body]
    for start in (
        "M. Blinken s'est félicité",
        "Les Etats-Unis soutiennent",
        "Le ministère de la Santé du Hamas a fait état jeudi",
    ):
        (para,) = [p for p in raw if p.startswith(start)]
        assert f"\n\n{para}\n\n" in f"\n\n{clean004}\n\n"
    assert (
        "M. Blinken s'est félicité qu'Israël ait autorisé mercredi soir un supplément minimal "
        "de carburant à Gaza, territoire palestinien où l'armée israélienne est en guerre contre "
        "le Hamas. Mais il a exhorté Israël à en faire plus, a indiqué à des journalistes un haut "
        "responsable du département d'Etat sous couvert d'anonymat."
    ) in paragraphs(clean004)


def test_seed004_clean_article_sets_title_keeps_id(raw004: str, clean004: str) -> None:
    article = Article(source="seeds/004.txt", text=raw004, date="2023-12")
    cleaned = clean_article(article)
    assert cleaned is not article
    assert cleaned.id == article.id
    assert cleaned.raw_text == raw004
    assert cleaned.text == clean004
    assert cleaned.title == HEADLINE_004
    assert article.text == raw004  # the input is left alone


def test_reader_title_is_kept(raw004: str) -> None:
    article = Article(source="x", text=raw004, title="Titre du lecteur")
    assert clean_article(article).title == "Titre du lecteur"


# --- other seeds and FRTimeBank: nothing to remove ----------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_other_seeds_keep_all_paragraphs(shared: Path, prefix: str) -> None:
    raw = seed(shared, prefix)
    cleaned = clean_text(raw)
    assert cleaned == layout(raw)
    assert repeated_headline(raw) is None


def test_short_content_lines_kept(shared: Path) -> None:
    """A quote-headline and a bare credit remnant carry no furniture marker: both stay."""
    assert 'Israël refuse "une trêve temporaire sans la libération des otages"' in paragraphs(
        clean_text(seed(shared, "001"))
    )
    assert "IDF Spokesperson" in paragraphs(clean_text(seed(shared, "002")))


def frtimebank_files(shared: Path) -> list[Path]:
    files = sorted((shared / "corpus" / "frtimebank" / "articles").glob("*.txt"))
    assert len(files) == 71
    return files


def test_frtimebank_articles_unchanged(shared: Path) -> None:
    """All 71 come out as they went in, except one trailing '+Photo AFP' credit line."""
    changed = {}
    for path in frtimebank_files(shared):
        raw = read_body(path)
        cleaned = clean_text(raw)
        if cleaned != layout(raw):
            changed[path.stem] = (raw, cleaned)
    assert set(changed) == {"2002-05-23-0139"}
    raw, cleaned = changed["2002-05-23-0139"]
    assert layout(raw) == cleaned + "\n+Photo AFP"


def test_frtimebank_text_matches_gold_text(shared: Path) -> None:
    """The gold JSONL text is what cleaning leaves (its timex offsets stay valid)."""
    gold = shared / "corpus" / "frtimebank" / "frtimebank-dev.jsonl"
    for line in gold.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        cleaned = clean_text(record["text"])
        assert record["text"].startswith(cleaned)
        for timex in record["timex"]:
            assert cleaned[timex["start"] : timex["end"]] == timex["text"]


def test_idempotent(shared: Path) -> None:
    texts = [read_body(p) for p in sorted((shared / "seeds").glob("*.txt"))]
    texts += [read_body(p) for p in frtimebank_files(shared)]
    for text in texts:
        once = clean_text(text)
        assert clean_text(once) == once


# --- individual rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Rechercher",
        "Se connecter",
        "S’abonner",
        "Partager :",
        "• Facebook",
        "Lire aussi",
        "Newsletter",
        "Dernières Infos - Guerre Israël-Hamas",
        "À lire aussi : Gaza, la trêve prolongée de deux jours",
        "LIRE AUSSI SUR REGARDS.FR",
        "Le secrétaire d'Etat américain Antony Blinken. Photo d'illustration/AFP",
        "Le président français à l'Elysée, le 3 mars. © AFP",
        "Crédit photo : KB / Bondy Blog",
        "Manifestation à Paris (Photo: Jean Dupont)",
        "+Photo AFP",
        "Partager sur : Facebook Twitter LinkedIn",
        "Facebook | Twitter | E-mail",
        "Publié le 12/03/2024 à 10h05",
        "Abonnez-vous à notre newsletter quotidienne",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line, load_rules("fr"))


@pytest.mark.parametrize(
    "line",
    [
        'Israël refuse "une trêve temporaire sans la libération des otages"',
        "IDF Spokesperson",
        "À voir aussi au musée, une exposition consacrée aux affiches de mai 68.",
        "Il a publié une photo sur Instagram le 12/03",
        "Le ministre a partagé son analyse sur Twitter et Facebook.",
        "Dernière étape du voyage : Amman, où il doit rencontrer le roi.",
        "Rafah est le dernier refuge pour environ la moitié des 2,3 millions d'habitants.",
        "Recherche et développement : le budget baisse de 3 %.",
        "Menu unique à la cantine : les parents protestent",
    ],
)
def test_body_lines_kept(line: str) -> None:
    assert not is_furniture(line, load_rules("fr"))


def test_long_lines_are_never_furniture() -> None:
    line = "Partager " + "la même analyse des faits, " * 10 + "Photo d'illustration/AFP"
    assert not is_furniture(line, load_rules("fr"))


def test_ellipsis_paragraph_with_new_content_kept() -> None:
    text = (
        "Le maire a présenté le budget lundi devant le conseil municipal.\n\n"
        "Les travaux de la médiathèque commenceront au printemps, et la rénovation des écoles..."
    )
    assert clean_text(text) == text


def test_teaser_with_rewording_removed() -> None:
    lead = (
        "Le maire de Valmont a présenté lundi un budget en hausse de quatre pour cent devant le "
        "conseil municipal réuni en séance extraordinaire."
    )
    second = "Les travaux de la médiathèque commenceront au printemps prochain."
    teaser = lead.replace("lundi ", "") + " " + second[:40] + "…"
    text = f"{lead}\n\n{second}\n\n{teaser}"
    assert clean_text(text) == f"{lead}\n\n{second}"


def test_repeated_paragraph_first_kept_short_repeats_kept() -> None:
    text = "Non !\n\nUn long paragraphe répété.\nNon !\n\nUn long paragraphe répété."
    assert clean_text(text) == "Non !\n\nUn long paragraphe répété.\nNon !"


def test_whitespace_normalisation_only() -> None:
    text = "\n\n  Premier  paragraphe « cité ».   \r\n\r\n\r\n\nSecond\u00a0paragraphe.\t\n"
    assert clean_text(text) == "  Premier  paragraphe « cité ».\n\nSecond\u00a0paragraphe."


def test_unknown_language_uses_no_word_lists() -> None:
    text = "Rechercher\n\nA headline printed twice\n\nA headline printed twice\n\nBody."
    assert clean_text(text, lang="xx") == "Rechercher\n\nA headline printed twice\n\nBody."


# --- near-duplicates --------------------------------------------------------------------------

ARTICLE_A = "\n\n".join(
    (
        "Valmont-sur-Loire rouvre son pont suspendu après deux ans de travaux",
        "Le pont suspendu de Valmont-sur-Loire a rouvert samedi matin à la circulation, après "
        "deux années de travaux qui avaient coupé la petite ville de la rive sud et allongé de "
        "vingt minutes les trajets de centaines de salariés.",
        "La maire, Hélène Marchetti, a coupé le ruban devant plusieurs centaines d'habitants "
        "venus à pied, à vélo ou en calèche. \"C'est un jour que nous attendions depuis "
        'longtemps, et je remercie les riverains pour leur patience", a-t-elle déclaré sous '
        "les applaudissements.",
        "Le chantier, d'un montant de 14,5 millions d'euros, a été financé aux deux tiers par le "
        "département et pour le reste par la région et l'État. Les câbles porteurs, qui dataient "
        "de 1932, ont été entièrement remplacés, et le tablier a été renforcé pour accueillir les "
        "bus scolaires.",
        "Selon la direction départementale des routes, près de 8.000 véhicules empruntaient "
        "chaque jour l'ouvrage avant sa fermeture. La vitesse y sera désormais limitée à trente "
        "kilomètres par heure et les poids lourds de plus de dix-neuf tonnes resteront interdits.",
        "Pendant la fermeture, une navette fluviale gratuite avait transporté plus de 300.000 "
        "passagers entre les deux rives. Elle cessera de circuler à la fin du mois, mais la "
        "communauté de communes réfléchit à la maintenir l'été pour les touristes.",
        "Les commerçants du centre-ville, qui disent avoir perdu jusqu'à un tiers de leur chiffre "
        "d'affaires pendant les travaux, espèrent un retour rapide de la clientèle. Une "
        "association de riverains demande toutefois la création d'une piste cyclable séparée, "
        "promise lors de la précédente campagne municipale.",
        "Le président du département, Marc Delorme, a rappelé que l'ouvrage, classé monument "
        "historique en 1987, devrait faire l'objet d'une inspection complète tous les cinq ans. "
        '"Nous ne laisserons plus un pont se dégrader au point de devoir le fermer", a-t-il '
        "assuré.",
        "Une fête populaire est prévue dimanche sur les quais, avec un concert de la fanfare "
        "municipale et un feu d'artifice tiré depuis l'île aux Moines à la tombée de la nuit.",
    )
)

# Syndicated copy: another headline, one sentence rewritten, the rest as sent by the agency.
ARTICLE_A_COPY = ARTICLE_A.replace(
    "Valmont-sur-Loire rouvre son pont suspendu après deux ans de travaux",
    "Loire : le pont de Valmont enfin rendu aux automobilistes",
).replace(
    "La vitesse y sera désormais limitée à trente kilomètres par heure",
    "Les automobilistes devront y rouler à trente kilomètres par heure au maximum",
)

# Same town, same bridge, another story.
ARTICLE_B = "\n\n".join(
    (
        "Pont de Valmont : la piste cyclable divise le conseil municipal",
        "Le conseil municipal de Valmont-sur-Loire s'est déchiré mardi soir sur le projet de "
        "piste cyclable du pont suspendu, rouvert il y a trois semaines après deux ans de "
        "chantier.",
        "L'opposition reproche à la maire, Hélène Marchetti, d'avoir renoncé à une promesse de "
        'campagne. "On nous avait juré une voie séparée, on nous propose un marquage au sol", '
        "a lancé le conseiller Bruno Lefèvre, qui réclame une étude indépendante.",
        "La majorité fait valoir que la largeur du tablier ne permet pas d'aménagement protégé "
        "sans supprimer une voie de circulation. Le département, propriétaire de l'ouvrage, a "
        "indiqué qu'il ne financerait aucune modification avant 2027.",
        "Une pétition lancée par l'association Valmont à vélo a recueilli 1.200 signatures en "
        "dix jours. Ses membres prévoient une manifestation samedi à l'entrée du pont, et "
        "demandent que la question soit soumise à une consultation des habitants.",
    )
)


def make(text: str, source: str) -> Article:
    return Article(source=source, text=text)


def test_syndicated_copy_is_duplicate_other_story_is_not() -> None:
    detector = NearDuplicateDetector(MemoryBandIndex())
    a, copy, b = make(ARTICLE_A, "a"), make(ARTICLE_A_COPY, "a2"), make(ARTICLE_B, "b")
    first = detector.observe(a)
    assert first.duplicate_of is None
    dup = detector.observe(copy)
    assert dup.duplicate_of == a.id
    assert dup.similarity is not None and dup.similarity >= 0.8
    assert detector.observe(b).duplicate_of is None


def test_duplicate_points_to_earliest_and_ignores_itself() -> None:
    index = MemoryBandIndex()
    detector = NearDuplicateDetector(index)
    a, copy = make(ARTICLE_A, "a"), make(ARTICLE_A_COPY, "a2")
    detector.observe(a)
    detector.observe(copy)
    third = make(ARTICLE_A + "\n\nMis à jour dimanche.", "a3")
    assert detector.check(third).duplicate_of == a.id
    # Re-checking a stored article skips its own id (the later copy still matches).
    assert detector.check(a).duplicate_of == copy.id
    alone = NearDuplicateDetector(MemoryBandIndex())
    alone.observe(a)
    assert alone.check(a).duplicate_of is None


def test_memory_band_index_round_trip() -> None:
    index = MemoryBandIndex()
    detector = NearDuplicateDetector(index)
    a = make(ARTICLE_A, "a")
    result = detector.check(a)
    assert len(result.keys) == detector.bands == 14 and detector.rows == 9
    assert all(re.fullmatch(r"\d+:[0-9a-f]{24}", k) for k in result.keys)
    detector.remember(a.id, result)
    assert index.signature(a.id) == result.signature
    assert index.candidates(result.keys) == [a.id]
    assert index.candidates(result.keys[:1]) == [a.id]
    assert index.candidates(["0:" + "0" * 24]) == []


def test_signature_bytes_round_trip() -> None:
    detector = NearDuplicateDetector(MemoryBandIndex())
    m = detector.minhash(ARTICLE_A)
    assert m is not None
    data = signature_to_bytes(m)
    assert len(data) == 8 * 128
    back = minhash_from_bytes(data)
    assert list(back.hashvalues) == list(m.hashvalues)
    assert back.jaccard(m) == 1.0
    assert detector.check(make(ARTICLE_A, "a")).signature == data


def test_keys_are_deterministic_across_processes() -> None:
    code = (
        "from veille.clean import MemoryBandIndex, NearDuplicateDetector\n"
        "from veille.records import Article\n"
        "import sys\n"
        "d = NearDuplicateDetector(MemoryBandIndex())\n"
        "r = d.check(Article(source='s', text=sys.argv[1]))\n"
        "print(' '.join(r.keys))\n"
    )
    here = NearDuplicateDetector(MemoryBandIndex()).check(make(ARTICLE_B, "b")).keys
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code, ARTICLE_B], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.split() == here


def test_short_and_empty_texts() -> None:
    detector = NearDuplicateDetector(MemoryBandIndex())
    short = make("Trêve à Gaza", "s1")
    first = detector.observe(short)
    assert first.keys and first.duplicate_of is None
    assert detector.check(make("trêve  à GAZA", "s2")).duplicate_of == short.id
    empty = detector.check(make("  \n ", "e"))
    assert empty == type(empty)(None, [], b"")


@pytest.mark.parametrize(
    ("threshold", "num_perm", "fp_weight"),
    [(0.8, 128, 0.1), (0.8, 128, 0.5), (0.5, 128, 0.1), (0.9, 256, 0.5)],
)
def test_band_parameters_match_datasketch(
    threshold: float, num_perm: int, fp_weight: float
) -> None:
    expected = _optimal_param(threshold, num_perm, fp_weight, 1 - fp_weight)
    assert optimal_bands(threshold, num_perm, fp_weight, 1 - fp_weight) == expected


def test_default_bands_favour_recall() -> None:
    """Pairs just above the threshold must nearly always meet in a band (then get verified)."""
    bands, rows = optimal_bands(0.8, 128)
    assert (bands, rows) == (14, 9)
    assert 1 - (1 - 0.84**rows) ** bands > 0.95


def test_cleaned_seeds_are_not_duplicates_of_each_other(shared: Path) -> None:
    """Five articles on the same conflict, same week-ish: different stories, no match."""
    detector = NearDuplicateDetector(MemoryBandIndex())
    for path in sorted((shared / "seeds").glob("*.txt")):
        article = clean_article(make(read_body(path), path.name))
        assert detector.observe(article).duplicate_of is None
