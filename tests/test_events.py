"""Events (PLOVER verb frames) and stances on issues: extraction on fictional sentences
with the real French model, issue matching, timelines and shifts, event clusters, the
store (v3 migration included), the CLI, and the scorers of ``veille eval events|stances``.

All people and countries here are invented (Valdorie, Morvanie, Kessarie)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner

from veille import nlp as nlp_module
from veille.analyze.events import cluster_events
from veille.analyze.stances import timelines
from veille.evaluation.events_eval import (
    EventGoldDoc,
    GoldEvent,
    GoldStance,
    same_actor,
    score_events,
    score_stances,
)
from veille.extractors.stances import find_issue_mentions, find_stances
from veille.interfaces.cli import app
from veille.pipeline import extract_batch
from veille.records import Article, Event, EventActor, Stance
from veille.store import migrations, open_store, schema

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_module.load("fr")


def events_of(nlp, text: str, date: str | None = "2026-03-12") -> list[Event]:  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    doc.user_data["date"] = date
    return list(nlp(doc)._.events)


def only(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, [(e.type, e.text) for e in events]
    return found[0]


# -- events ----------------------------------------------------------------------------


def test_consult_with_source_target_date_and_offsets(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le ministre valdorien Teodor Brask s'est entretenu jeudi avec Anton Serek à Lisandre."
    e = only(events_of(nlp, text), "CONSULT")
    assert text[e.start : e.end] == e.text == "s'est entretenu"
    assert [a.name for a in e.sources] == ["Teodor Brask"]
    assert [a.name for a in e.targets] == ["Anton Serek"]
    for a in e.sources + e.targets:
        assert a.start is not None and a.end is not None and text[a.start : a.end] == a.text
    assert e.date == "2026-03-12"
    assert e.evidence_start == 0 and e.evidence_end is not None
    assert not (e.negated or e.future or e.hypothetical)


def test_frames_not_bare_verbs(nlp) -> None:  # type: ignore[no-untyped-def]
    request = only(
        events_of(nlp, "Teodor Brask a appelé Anton Serek à un cessez-le-feu."), "REQUEST"
    )
    assert request.mode == "ceasefire"
    assert [a.name for a in request.targets] == ["Anton Serek"]
    phone = only(events_of(nlp, "Teodor Brask a appelé Anton Serek mardi."), "CONSULT")
    assert phone.mode == "phone"
    reject = events_of(nlp, "La ministre Irina Solvane a opposé une fin de non-recevoir à Brasna.")
    assert [e.type for e in reject] == ["REJECT"]
    assert reject[0].text.endswith("fin")
    assert events_of(nlp, "Teodor Brask a déclaré que la situation était grave.") == []


def test_modes_negation_future_hypothetical(nlp) -> None:  # type: ignore[no-untyped-def]
    negated = only(events_of(nlp, "Anton Serek n'a pas rencontré Irina Solvane."), "CONSULT")
    assert negated.negated
    future = only(events_of(nlp, "Anton Serek doit rencontrer Irina Solvane lundi."), "CONSULT")
    assert future.future and not future.negated
    maybe = only(
        events_of(nlp, "La Morvanie pourrait lancer une offensive terrestre contre Veltz."),
        "ASSAULT",
    )
    assert maybe.hypothetical and maybe.mode == "ground"


def test_complement_of_an_event_verb_is_not_an_event(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events_of(nlp, "Anton Serek a refusé de rencontrer Irina Solvane.")
    assert [e.type for e in found] == ["REJECT"]
    found = events_of(nlp, "Irina Solvane a exhorté la Morvanie à libérer les secouristes.")
    assert [e.type for e in found] == ["REQUEST"]


def test_passive_turns_source_and_target(nlp) -> None:  # type: ignore[no-untyped-def]
    e = only(events_of(nlp, "Anton Serek a été reçu par Teodor Brask à Stavelin."), "CONSULT")
    assert [a.name for a in e.sources] == ["Teodor Brask"]
    assert [a.name for a in e.targets] == ["Anton Serek"]


def test_no_actor_no_event_and_inside_quotes_no_event(nlp) -> None:  # type: ignore[no-untyped-def]
    assert events_of(nlp, "Plus de 300 personnes ont été tuées.") == []
    assert events_of(nlp, "« Nous rencontrerons Anton Serek », a dit Irina Solvane.") == []


def test_participles_modifying_a_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "La Morvanie réclame les secouristes détenus par le Front brasnien depuis mars."
    e = only(events_of(nlp, text), "COERCE")
    assert e.text == "détenus"
    assert [a.name for a in e.sources] == ["Front brasnien"]
    assert [a.text for a in e.targets] == ["les secouristes"]
    # a participle with only an agent and a frame needing nothing: no event
    assert events_of(nlp, "Ils ont lu les textes signés par Irina Solvane.") == []


def test_copular_frames_and_counted_groups(nlp) -> None:  # type: ignore[no-untyped-def]
    strike = only(
        events_of(nlp, "Les infirmiers de Stavelin sont en grève depuis lundi."), "PROTEST"
    )
    assert strike.text == "sont en grève" and strike.mode == "strike"
    war = only(events_of(nlp, "La Brasna est en guerre contre le Front morvanien."), "ASSAULT")
    assert [a.text for a in war.targets] == ["le Front morvanien"]
    # "un membre" is not a counted group ("1.400 personnes" is)
    arrest = only(
        events_of(nlp, "L'armée brasnienne a arrêté un membre du Front morvanien."), "COERCE"
    )
    assert [a.text for a in arrest.targets] == ["un membre du Front morvanien"]


def test_target_from_that_clause_and_y(nlp) -> None:  # type: ignore[no-untyped-def]
    e = only(
        events_of(nlp, "La Kessarie s'oppose à ce que la Brasna lance une offensive."), "REJECT"
    )
    assert [a.name for a in e.targets] == ["Brasna"]
    e = only(events_of(nlp, "Paul Ferran a demandé que la Morvanie libère les otages."), "REQUEST")
    assert [a.name for a in e.targets] == ["Morvanie"]
    text = "Des combats ont eu lieu à Stavelin, où la Brasna y a lancé une offensive."
    e = only(events_of(nlp, text), "ASSAULT")
    assert [a.name for a in e.targets] == ["Stavelin"]


def test_gerund_takes_the_subject_of_its_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le sommet a eu lieu après que la Kessarie a permis l'adoption d'une résolution "
        "exigeant une trêve en s'abstenant lors du vote."
    )
    e = only(events_of(nlp, text), "ABSTAIN")
    assert [a.name for a in e.sources] == ["Kessarie"]
    assert text[e.start : e.end] == e.text == "s'abstenant"


# -- issues and stances ----------------------------------------------------------------


def test_issue_mentions_fold_accents_plurals_and_prefer_longest() -> None:
    text = "Une TRÊVE humanitaire, puis des Cessez le feu et une trêve."
    found = [(m.issue, text[m.start : m.end]) for m in find_issue_mentions(text)]
    assert found == [
        ("humanitarian_pause", "TRÊVE humanitaire"),
        ("ceasefire", "Cessez le feu"),
        ("ceasefire", "trêve"),
    ]


def stances_of(nlp, text: str) -> list[Stance]:  # type: ignore[no-untyped-def]
    [ex] = extract_batch([Article(id="t", source="t", text=text, date="2026-03-12")])
    return ex.stances


def test_stances_from_quotes_and_events_with_negation(nlp) -> None:  # type: ignore[no-untyped-def]
    got = stances_of(
        nlp,
        "« Un cessez-le-feu aujourd'hui profiterait aux rebelles », a déclaré Anton Serek. "
        "Irina Solvane a appelé à une trêve. "
        "Teodor Brask a dit qu'il n'avait pas demandé de pause humanitaire.",
    )
    by_issue = {(s.issue, s.actor_name): s.stance for s in got}
    assert by_issue[("ceasefire", "Anton Serek")] == "oppose"
    assert by_issue[("ceasefire", "Irina Solvane")] == "support"
    assert by_issue[("humanitarian_pause", "Teodor Brask")] == "oppose"
    text = got[0]
    assert text.evidence in {"quote", "event"}


def test_user_issue_file_extends_the_bundled_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "issues.yaml"
    path.write_text(
        "dam_inquiry:\n  label: {fr: enquête sur le barrage, en: dam inquiry}\n"
        "  expressions: [enquête sur le barrage, commission d'enquête]\n",
        "utf-8",
    )
    monkeypatch.setenv("VEILLE_ISSUES", str(path))
    found = find_issue_mentions("Elle réclame une commission d'enquête et un cessez-le-feu.")
    assert [m.issue for m in found] == ["dam_inquiry", "ceasefire"]


def test_issue_named_by_what_it_is_against(nlp) -> None:  # type: ignore[no-untyped-def]
    got = stances_of(nlp, "Irina Solvane a dénoncé les pertes civiles à Stavelin.")
    assert [(s.issue, s.stance) for s in got] == [("civilian_protection", "support")]


def test_abstention_is_mixed_and_stance_stays_in_its_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    got = stances_of(
        nlp,
        "Le sommet a eu lieu après que la Kessarie a permis l'adoption d'une résolution "
        "exigeant une trêve en s'abstenant lors du vote.",
    )
    kessarie = [s for s in got if s.actor_name == "Kessarie"]
    assert [(s.issue, s.stance) for s in kessarie] == [("ceasefire", "mixed")]


def test_stance_needs_a_holder(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Le cessez-le-feu a pris fin mardi.")
    assert find_stances(doc, doc._.quotes, doc._.events) == []


# -- timelines and clusters ----------------------------------------------------------------


def _row(actor: str, date: str, stance: str) -> dict[str, str]:
    return {"actor_id": actor, "actor_name": actor, "date": date, "stance": stance}


def test_timeline_flags_shifts_per_actor() -> None:
    rows = [
        _row("country:mrv", "2026-02-20", "oppose"),
        _row("country:mrv", "2026-02-27", "oppose"),
        _row("country:mrv", "2026-03-20", "support"),
        _row("country:vld", "2026-02-20", "support"),
        _row("country:vld", "2026-03-02", "support"),
    ]
    lines = {t.actor: t for t in timelines(rows)}
    assert [(p.period, p.stance) for p in lines["country:mrv"].periods] == [
        ("2026-02", "oppose"),
        ("2026-03", "support"),
    ]
    [shift] = lines["country:mrv"].shifts
    assert (shift.before.stance, shift.after.stance) == ("oppose", "support")
    assert lines["country:vld"].shifts == []
    tie = timelines([_row("a", "2026-01-01", "oppose"), _row("a", "2026-01-02", "support")])
    assert tie[0].periods[0].stance == "mixed"


def test_group_pools_actors() -> None:
    rows = [_row("person:x", "2026-01-01", "oppose"), _row("gov:x", "2026-02-01", "support")]
    lines = timelines(rows, group=lambda a, _d: ("country:x", "X"))
    assert [t.actor for t in lines] == ["country:x"]
    assert len(lines[0].shifts) == 1


def test_cluster_events_merges_reports_within_window() -> None:
    base = {"type": "CONSULT", "source_actor": "a", "target_actor": "b", "negated": False}
    rows = [
        {**base, "article_id": "1", "date": "2026-03-10"},
        {**base, "article_id": "2", "date": "2026-03-11"},
        {**base, "article_id": "3", "date": "2026-03-20"},
        {**base, "article_id": "4", "date": "2026-03-10", "negated": True},
        {**base, "article_id": "5", "date": "2026-03-10", "source_actor": None},
        {**base, "article_id": "6", "date": "2026-03-10", "source_actor": None},
    ]
    clusters = cluster_events(rows)
    assert sorted(len(c.reports) for c in clusters) == [1, 1, 1, 1, 2]
    merged = next(c for c in clusters if len(c.reports) == 2)
    assert merged.as_dict()["articles"] == ["1", "2"]


# -- scoring ---------------------------------------------------------------------------------


def test_event_and_stance_scores() -> None:
    text = "Anton Serek a rencontré Irina Solvane. Teodor Brask a accusé Anton Serek."
    art = Article(id="t", source="t", text=text)
    doc = EventGoldDoc("t", art)
    doc.events = [
        GoldEvent(12, 23, "CONSULT", None, ["Anton Serek"], ["Irina Solvane"]),
        GoldEvent(52, 60, "ACCUSE", None, ["Teodor Brask"], ["Anton Serek"]),
    ]
    doc.stances = [GoldStance(0, 5, "Anton Serek", "ceasefire", "oppose")]
    serek = EventActor(0, 11, "Anton Serek", "Anton Serek", "x:anton-serek")
    solvane = EventActor(24, 37, "Irina Solvane", "Irina Solvane", "x:irina-solvane")
    preds = [
        Event("CONSULT", 14, 23, sources=[serek], targets=[solvane]),
        Event("REJECT", 52, 60, sources=[serek], targets=[]),
        Event("AID", 0, 3, sources=[serek]),
    ]
    report = score_events([doc], {"t": preds})
    assert (report.prf.matched_gold, report.prf.predicted) == (2, 3)
    assert report.type.value == 0.5 and report.source.value == 0.5
    assert report.confusions[("ACCUSE", "REJECT")] == 1
    stance = Stance("ceasefire", "support", 0, 4, "x:anton-serek", "Anton Serek", "quote", 0, 9)
    sr = score_stances([doc], {"t": [stance]})
    assert sr.stance.value == 0.0 and sr.actor.value == 1.0
    assert same_actor("country:vld", "country:vld", None)
    assert not same_actor("country:vld", "country:mrv", "Valdorie")
    # a provisional id is built from the name's skeleton (doubled letters single)
    assert same_actor("Anna Sellier", "x:ana-selier", None)
    assert not same_actor("Anna Sellier", "x:ana-solier", None)
    assert same_actor("bande de Lerne", "x:place:lerne", None)  # the name rule, on id words
    assert not same_actor("bande de Lerne", "x:place:tervel", None)


# -- store and CLI -----------------------------------------------------------------------


def test_v2_store_migrates_to_v3(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as conn:
        migrations.STEPS[1](conn)
        migrations.STEPS[2](conn)
        conn.execute(schema.meta.insert().values(key=migrations.VERSION_KEY, value="2"))
        conn.exec_driver_sql("ALTER TABLE events DROP COLUMN sources")  # as v2 made it
    engine.dispose()
    open_store(old).close()
    fresh = tmp_path / "new.db"
    open_store(fresh).close()

    def columns(path: Path, table: str) -> set[str]:
        with sqlite3.connect(path) as conn:
            return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}

    for table in ("events", "figures", "stances"):
        assert columns(old, table) == columns(fresh, table)
    assert "sources" in columns(old, "events")


def test_examples_events_timeline_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "v.db")
    done = runner.invoke(app, ["ingest", str(REPO / "examples" / "articles"), "--db", db, "-q"])
    assert done.exit_code == 0, done.output
    listed = json.loads(runner.invoke(app, ["events", "--db", db, "--json"]).stdout)
    assert {"CONSULT", "REQUEST", "REJECT", "AGREE"} <= {e["type"] for e in listed}
    with open_store(db) as store:
        assert store.articles(limit=100)
        for ex in store.iter_extractions():
            for e in ex.events:
                assert ex.article.text[e.start : e.end] == e.text
                for a in e.sources + e.targets:
                    assert a.start is not None and ex.article.text[a.start : a.end] == a.text
            for s in ex.stances:
                assert s.start < s.end and s.evidence_start <= s.start < s.evidence_end
    rejects = json.loads(
        runner.invoke(app, ["events", "--db", db, "--json", "--type", "reject"]).stdout
    )
    assert rejects and all(e["type"] == "REJECT" for e in rejects)
    result = runner.invoke(app, ["timeline", "ceasefire", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    actors = json.loads(result.stdout)["actors"]
    assert any(p["stance"] == "oppose" for a in actors for p in a["periods"])
    assert any(p["stance"] == "support" for a in actors for p in a["periods"])
    plot = tmp_path / "t.svg"
    assert (
        runner.invoke(app, ["timeline", "ceasefire", "--db", db, "--plot", str(plot)]).exit_code
        == 0
    )
    assert plot.read_text("utf-8").startswith("<?xml")
    bad = runner.invoke(app, ["timeline", "no-such-issue", "--db", db])
    assert bad.exit_code == 2 and "unknown issue" in bad.output
    issues = json.loads(runner.invoke(app, ["issues", "--db", db, "--json"]).stdout)
    assert next(i for i in issues if i["issue"] == "ceasefire")["stances"] >= 2


# -- targets outside the registry, noun frames, acronyms ---------------------------------


def test_unresolved_target_kept_only_when_it_names_people(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le ministre Paul Ferran a appelé les journalistes à la retenue. "
        "La ministre Irina Solvane a rejeté cette idée mardi."
    )
    ex = extract_batch([Article(id="t1", source="t1", text=text, date="2026-03-12")])[0]
    request = only(ex.events, "REQUEST")
    assert [(a.text, a.actor_id) for a in request.targets] == [("les journalistes", None)]
    assert request.target_actor is None  # no registry id: kept by name
    reject = only(ex.events, "REJECT")
    # "cette idée" names no actor: the refusal answers the request before it
    assert [a.name for a in reject.targets] == ["Paul Ferran"]


def test_noun_frames(nlp) -> None:  # type: ignore[no-untyped-def]
    talks = only(
        events_of(nlp, "Les entretiens entre Teodor Brask et Anton Serek ont duré trois heures."),
        "CONSULT",
    )
    assert talks.text == "entretiens" and talks.targets == []
    assert [a.name for a in talks.sources] == ["Teodor Brask", "Anton Serek"]
    text = "L'arrestation de Paul Ferran par la police brasnienne a choqué l'opposition."
    arrest = only(events_of(nlp, text), "COERCE")
    assert arrest.mode == "arrest" and text[arrest.start : arrest.end] == "arrestation"
    assert [a.name for a in arrest.sources] == ["police brasnienne"]
    assert [a.name for a in arrest.targets] == ["Paul Ferran"]
    text = "L'attaque de la milice contre la Brasna a fait dix morts."
    attack = only(events_of(nlp, text), "ASSAULT")
    assert [a.text for a in attack.sources] == ["la milice"]  # cut before the target
    assert [a.text for a in attack.targets] == ["la Brasna"]
    phone = only(
        events_of(nlp, "Teodor Brask a eu un appel téléphonique avec Anton Serek."), "CONSULT"
    )
    assert phone.mode == "phone" and [a.name for a in phone.sources] == ["Teodor Brask"]


def test_noun_under_event_verb_is_the_verbs_event(nlp) -> None:  # type: ignore[no-untyped-def]
    events = events_of(nlp, "La Brasna a lancé une attaque contre la Morvanie.")
    assert [(e.type, e.text) for e in events] == [("ASSAULT", "a lancé une attaque")]
    # a noun event needs an actor in its own phrase
    assert events_of(nlp, "Les négociations de paix ont repris.") == []


def test_acronym_maps_to_its_long_form(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le Bureau brasnien des enquêtes (BBE) suit le dossier. "
        "Mardi, le BBE a accusé le ministre Paul Ferran de corruption."
    )
    ex = extract_batch([Article(id="t2", source="t2", text=text, date="2026-03-12")])[0]
    accuse = only(ex.events, "ACCUSE")
    assert [a.name for a in accuse.sources] == ["Bureau brasnien des enquêtes"]
    a = accuse.sources[0]
    assert a.start is not None and text[a.start : a.end] == a.text


def test_targets_from_the_previous_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Teodor Brask s'est entretenu jeudi avec Anton Serek à Lisandre. "
        "Au cours de cet entretien, Teodor Brask a demandé la libération des otages. "
        "Les rebelles exigent le retrait de la police. "
        "Le gouvernement morvanien a rejeté cette exigence."
    )
    ex = extract_batch([Article(id="t3", source="t3", text=text, date="2026-03-12")])[0]
    request = next(e for e in ex.events if e.text == "a demandé")
    assert [a.name for a in request.targets] == ["Anton Serek"]  # the other party of the call
    reject = only(ex.events, "REJECT")
    assert [a.text for a in reject.targets] == ["Les rebelles"]  # who it answers
    t = reject.targets[0]
    assert t.start is not None and text[t.start : t.end] == t.text


def test_targets_in_clefts_and_compound_prepositions(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Une enquête est ouverte par le parquet de Lisandre à l’encontre de Marc Tobin. "
        "Quelques jours plus tard, c’est Anton Serek, ancien ministre de la Justice et "
        "trésorier du parti, qui est mis en examen."
    )
    ex = extract_batch([Article(id="t4", source="t4", text=text, date="2026-03-12")])[0]
    opened = only(ex.events, "ACCUSE")
    assert [a.text for a in opened.sources] == ["le parquet de Lisandre"]
    assert [a.name for a in opened.targets] == ["Marc Tobin"]  # "à l'encontre de" is "contre"
    charged = only(ex.events, "COERCE")
    assert [a.name for a in charged.targets] == ["Anton Serek"]  # one person, two roles


FICTION = """\
source: fictional actors for tests (Valdorie does not exist)
countries:
  - [vld, Valdorie, Valdoria, valdorien, Tervel]
actors:
  - {id: group:front-du-nord, name: Front du Nord, type: group, aliases: [FDN]}
"""


@pytest.fixture
def fiction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fictional registry above in place of the bundled one."""
    path = tmp_path / "valdorie.yaml"
    path.write_text(FICTION, "utf-8")
    monkeypatch.setenv("VEILLE_ACTORS", str(path))


def test_descriptions_refer_to_actors_named_before(nlp, fiction) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le Front du Nord a revendiqué l'attaque. "
        "Les rebelles détiennent les otages valdoriens depuis lundi. "
        "La Valdorie a juré de riposter et son armée a bombardé la ville de Lerne."
    )
    ex = extract_batch([Article(id="t5", source="t5", text=text, date="2026-03-12")])[0]
    held = only(ex.events, "COERCE")
    assert held.source_actor == "group:front-du-nord"  # "les rebelles"
    assert held.target_actor == "country:vld"  # hostages coded as their country
    strike = only(ex.events, "ASSAULT")
    assert strike.source_actor == "mil:vld"  # "son armée"


def test_headline_description_refers_to_the_group_named_below(nlp, fiction) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Trois Valdoriens détenus par la guérilla du nord\n"
        "Le Front du Nord a reconnu retenir trois Valdoriens depuis lundi."
    )
    ex = extract_batch([Article(id="t6", source="t6", text=text, date="2026-03-12")])[0]
    first = min((e for e in ex.events if e.type == "COERCE"), key=lambda e: e.start)
    assert first.source_actor == "group:front-du-nord"


def test_a_countrys_craft_is_coded_as_the_country(nlp, fiction) -> None:  # type: ignore[no-untyped-def]
    text = "Le Front du Nord a reconnu avoir abattu un avion valdorien lundi."
    ex = extract_batch([Article(id="t7", source="t7", text=text, date="2026-03-12")])[0]
    strike = only(ex.events, "ASSAULT")
    assert (strike.source_actor, strike.target_actor) == ("group:front-du-nord", "country:vld")


def test_role_is_not_the_person_acted_on_and_nationals_stay_actors(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Dans son délibéré, le juge audiencier a condamné Paul Ferran à un an de prison."
    sentence = only(events_of(nlp, text), "COERCE")
    assert [a.name for a in sentence.sources] == ["juge audiencier"]
    assert [a.name for a in sentence.targets] == ["Paul Ferran"]
    text = "La milice a reconnu retenir en otages les trois Valdoriens survivants."
    held = only(events_of(nlp, text), "COERCE")
    assert [a.text for a in held.targets] == ["les trois Valdoriens survivants"]


def test_investigation_targets_the_person_the_story_is_about(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Paul Ferran a signé les contrats du port de Lisandre en 2011. "
        "Le parquet de Lisandre a ouvert une enquête préliminaire en juin."
    )
    opened = only(events_of(nlp, text), "ACCUSE")
    assert [a.name for a in opened.targets] == ["Paul Ferran"]
    target = opened.targets[0]  # named in the sentence before: the span points there
    assert target.start == 0 and text[target.start : target.end] == "Paul Ferran"


def test_possessive_object_targets_its_owner(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Anton Serek a achevé hier deux jours de discussions avec les partis. "
        "Les unionistes de Valdorie ont même décliné sa dernière invitation."
    )
    ex = extract_batch([Article(id="t6", source="t6", text=text, date="2026-03-12")])[0]
    declined = only(ex.events, "REJECT")
    assert [a.name for a in declined.targets] == ["Anton Serek"]
    owner = declined.targets[0]
    assert owner.start is not None and text[owner.start : owner.end] == "sa"


def test_event_noun_pointing_back_takes_the_earlier_events_actors(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "La Brasna a bombardé la ville de Lerne. Ces frappes ont tué plus de trente personnes."
    ex = extract_batch([Article(id="t7", source="t7", text=text, date="2026-03-12")])[0]
    bombed, killed = sorted((e for e in ex.events if e.type == "ASSAULT"), key=lambda e: e.start)
    assert killed.text == "ont tué"
    assert [a.text for a in killed.sources] == [a.text for a in bombed.sources] == ["La Brasna"]
    assert [a.actor_id for a in killed.targets] == [a.actor_id for a in bombed.targets]


def test_nested_report_holds_the_stance_not_its_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le ministre Paul Vernet a exhorté la Valdorie à protéger les civils, selon une "
        "source diplomatique."
    )
    ex = extract_batch([Article(id="t8", source="t8", text=text, date="2024-01-10")])[0]
    assert {q.speaker.name for q in ex.quotes} == {"Paul Vernet", "source diplomatique"}
    assert [(s.issue, s.stance, s.actor_name) for s in ex.stances] == [
        ("civilian_protection", "support", "Paul Vernet")
    ]
