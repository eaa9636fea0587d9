"""Other systems run through veille's scorers, for side-by-side comparison.

textacy (``pip install 'veille[baselines]'``): ``textacy.extract.triples.direct_quotations``
on the same spaCy model. It raises on an odd number of quotation marks; that document then
gets no predictions, which is what a user of textacy would get.
"""

from __future__ import annotations

from veille.evaluation.gold import GoldDoc
from veille.records import Quote, Speaker

BASELINES = ("textacy",)


def textacy_quotes(doc: GoldDoc, lang: str = "fr") -> list[Quote]:
    from textacy.extract.triples import direct_quotations

    from veille import nlp as nlp_module

    parsed = nlp_module.load_model(lang)(doc.article.text)
    quotes: list[Quote] = []
    try:
        triples = list(direct_quotations(parsed))
    except ValueError:
        return quotes
    for speaker, cue, content in triples:
        start, end = content[0].idx, content[-1].idx + len(content[-1].text)
        text = parsed.text
        while start < end and (text[start] in '«»"“”„ \u00a0\u202f'):
            start += 1
        while end > start and (text[end - 1] in '«»"“”„ \u00a0\u202f'):
            end -= 1
        name = " ".join(t.text for t in speaker) or None
        s_start = speaker[0].idx if speaker else None
        s_end = speaker[-1].idx + len(speaker[-1].text) if speaker else None
        verb = cue[-1].lemma_ if cue else None
        quotes.append(
            Quote("direct", start, end, text[start:end], verb, Speaker(s_start, s_end, name, name))
        )
    return quotes
