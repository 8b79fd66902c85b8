"""The word lists the judge's reading tells statements from lists with: what makes a claim, the
function words prose has between its terms, content words too generic to be the candidate's
own, and which words belong to a question's signal terms."""

from __future__ import annotations

import re
from functools import lru_cache

from app.domain.text import normalise, words


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CLAIM = re.compile(
    r"\b(?:is|are|was|were|be|been|being|am|has|have|had|does|do|did|can|could|will|would|"
    r"should|may|might|must|shall|need|needs|means|mean|meant|makes|make|made|gives|give|"
    r"gets|get|got|keeps|keep|uses|use|used|lets|let|causes|cause|depends|turns|goes|"
    r"becomes|stays|tends|helps|hurts|works|breaks|costs|takes|saves|adds|removes|reduces|"
    r"increases|drops|grows|falls|rises|shrinks|avoids|prevents|matters|fits|learns|"
    r"predicts|assigns|pushes|pulls|scales|computes|stores|reads|writes|sends|returns|"
    r"runs|fails|moves|picks|chose|chosen|decided|built|found|shipped|ran|led|asked|told|"
    r"differs|differ|varies|vary|equals|requires|require|allows|allow|enables|improves|"
    r"supports|includes|matches|beats|wins|loses|lowers|raises|limits|controls|decides|"
    r"produces|creates|changes|shifts|sees|knows|leaks|catches|misses|trains|serves|"
    r"became|came|went|took|gave|kept|saw|cut|hit|set|put|broke|fell|rose|grew|"
    r"i|we|you|they|it|this|that|which|because|so|if|when|then|since|unless)\b"
    r"|['’](?:s|re|ll|d|ve|m)\b"
)
FUNCTION = _words(
    """
    the a an of to in on by for with into from at as than over per its their our your
"""
)
FUNCTION_SHARE = 0.12  # share of function words from which a verbless sentence still reads
SHORT_STOP = _words(
    """
    the and for not per its are was has can use why how who you all any
"""
)
GENERIC = _words(
    """
    matters matter important importance key reason reasons works work working crucial
    essential critical approach thing things helps help ensure ensures ensuring really
    basically overall aspect aspects factor factors role plays part main core central vital
    consider considering consideration relevant concept concepts idea ideas point points
    good great better best well ways make makes sure quite very here there also always often
    usually generally definitely certainly clearly obviously simply everything something
    anything stuff kind sort lots plus whole entire big huge strong solid proper right
    correct wrong reasoning principle principles factor drives driven driving comes come
    coming goes going related relates regarding understand understanding explains explained
    reasonably overall combined combining together across along based mechanism mechanisms
    result results works key benefit benefits value values usage uses used using apply
    applies applied experience robust reliable efficient effective optimal powerful significant
    successful
"""
)
STOP = _words(
    """
    about above after again against also although always among another anything around
    because been before being below between both cannot could does doing down during each
    either else even every from further have having here how into itself just least less
    like make many more most much must need only other over own same should since some such
    than that their them then there these they thing things this those though through under
    until very want were what when where whether which while who whom whose why will with
    within without would your yours that's it's i'd we'd i'm you're they're there's what's
    let's
"""
)


class SignalTerms:
    """Whether a word belongs to one of a question's signal terms (signals are stems, so a
    word counts when it starts with a term word). Built once per question, memoised per word:
    it is asked for every word of every sentence."""

    def __init__(self, terms: tuple[str, ...]) -> None:
        stems = {
            w
            for t in terms
            for w in words(normalise(t))
            if len(w) >= 3 and w not in STOP and w not in SHORT_STOP and w not in FUNCTION
        }
        self._stems = frozenset(stems)
        self._lengths = sorted({len(w) for w in stems})
        self._memo: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        hit = self._memo.get(word)
        if hit is None:  # a prefix test per distinct stem length: no regex to compile
            hit = any(word[:n] in self._stems for n in self._lengths if n <= len(word))
            self._memo[word] = hit
        return hit


@lru_cache(maxsize=512)
def signal_terms_for(terms: tuple[str, ...]) -> SignalTerms:
    return SignalTerms(terms)
