"""The phrasings behind each dialogue act. Matched on lowercase text with straight apostrophes.

Kept apart from the reader so the precedence logic in reading.py stays readable; every pattern
here was written against the tune split of tests/data/turns/, never the holdout.
"""

from __future__ import annotations

import re

from app.domain.text import word_set
from app.engine.gates import gate_for, text_words
from app.judge.injection import injection_suspected
from app.judge.quotations import discusses_attacks


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


INJECTION = _rx(
    r"\b(?:ignore|disregard|forget) (?:all of |everything |all )?(?:the above|the previous|"
    r"what came "
    r"before|the preceding|prior context|everything above)\b",
    r"\b(?:ignore|forget|disregard|override) (?:all |any |the |your |of |previous |prior |above "
    r"|earlier |everything |every |preceding )*(?:instructions?|you were told|messages?|context|"
    r"guidelines|directions|prompts?|rules)\b",
    r"\bas (?:the|your|an?) (?:system|developer|admin(?:istrator)?|operator|openai|anthropic)\b"
    r".{0,40}\b(?:instruct|order|command|tell|require|direct|authori[sz]e)",
    r"[\"']role[\"']\s*:\s*[\"'](?:system|developer|assistant|tool)[\"']",
    r"<\|(?:im_start|im_end|system|endoftext)\|>|\[/?inst\]|<<\s*sys\s*>>|</?system>",
    r"\b(?:reveal|print|output|dump|repeat|leak|paste) (?:me )?(?:your |the |all )*(?:system "
    r"prompt|instructions|hidden|rubric|reference answer|model answer|scoring guide|key points)",
    r"\bpretend (?:you are|you're|to be)\b|\bfrom now on,? (?:you|act|respond)\b|\bdeveloper "
    r"mode\b|\bjailbreak\b|\bdan mode\b|\byou are no longer\b",
    r"\b(?:mark|score|grade|rate|record) (?:me|this|my answer)(?: as)? (?:a )?(?:pass|passed|"
    r"hire|strong hire|perfect|excellent|4/4|10/10)\b",
    r"\b(?:tell|instruct|inform) the (?:judge|grader|scorer|evaluator)\b",
    r"\bnew (?:system )?(?:instructions|directive|rules)\s*:",
    r"^\s*(?:system|developer)\s*(?:message|prompt)?\s*[:>]",
    r"</?candidate[^>]{0,40}>|\bas (?:the|your) (?:evaluator|judge|grader|scorer|assessor)\b",
    r"\b(?:mark|score|rate|grade) (?:every|all|each) (?:criteri(?:on|a)|answers?|questions?)\b",
    r"\b(?:output|print|reveal|show|give|write|tell) (?:me |us )?(?:the )?(?:full |complete |whole "
    r"|exact )?(?:model|reference|ideal|hidden|official) answer\b|^\s*assistant\s*[,:]",
    r"```\s*(?:system|developer|assistant)\b|\bapprove (?:me|this candidate|the candidate|my)\b",
    r"\bact as (?:the|a|an|my) (?:hiring|grader|judge|evaluator|committee|system|admin)\b",
    r"\bignore (?:the|this|my|that|your) (?:question|interview|task|prompt)\b.{0,40}\binstead\b",
    r"\b(?:note|message) (?:to|for) the (?:grading|scoring|judge|grader|evaluator|evaluation)\b",
    r"^\s*(?:judge|grader|evaluator|scorer)\s*[,:]|\bdeserves? (?:a |an )?(?:4|four|5|strong hire|"
    r"top score|full marks)\b",
    r"\byou are (?:now )?(?:chatgpt|gpt-?\d?|an? (?:ai|llm|language model|chatbot|helpful "
    r"assistant))\b|\b(?:forget|drop|abandon|stop) (?:the|this) (?:interview|role ?play|act)\b",
    r"\b(?:ai|llm|automated) (?:interviewer|assistant|grader|judge|evaluator|system)\s*[,:]|"
    r"\bpretend (?:that |the |my )|\b(?:move|bump|raise|put) my (?:score|grade|level|rating)\b",
)


_INJECTION_GATE = gate_for(INJECTION)

INJECTION_COMMAND_WORDS = 40
"""An interviewer-directed phrase counts on its own only in a short turn: a long answer that
quotes "ignore previous instructions" is discussing attacks, which the judge's detector tells."""


def injected(text: str, low: str) -> bool:
    """Whether the turn (`text`, and `low`, its lowercase reading) instructs the interviewer.
    The judge's detector reads the text as typed, as the judge does: one scan of each turn,
    which the judge then finds cached."""
    if injection_suspected(text):
        return True
    if len(low.split()) > INJECTION_COMMAND_WORDS or not (
        _INJECTION_GATE.may_match(low, text_words(low)) and INJECTION.search(low)
    ):
        return False  # the count first: it is cheap, and a long answer needs no search
    return not discusses_attacks(low)


NO_MORE_QUESTIONS = _rx(
    r"\bi(?:'ve| have) asked (?:everything|all)\b",
    r"\bthat'?s (?:all|everything|it) i (?:wanted|needed|had|meant) to (?:ask|know|clarify)\b",
    r"\bthat'?s (?:all|everything) i need\b.{0,30}\b(?:start|begin|go|design)",
    r"\byou (?:covered|answered) (?:everything|it all|all of (?:it|them)|my questions)\b",
    r"\bi(?:'ve| have) (?:got )?(?:enough|what i need|all i need)(?: to (?:get started|start|go|"
    r"begin|design))?\s*[.!]?$",
    r"\b(?:no|not any|don't have any|do not have any|haven't got any|no more|no further|no other)"
    r" (?:more |further |other |real |additional )?questions?\b",
    r"\bthat'?s (?:all|it|everything) (?:from me|for me|i had|i have|on my end|on my side)\b",
    r"\bnothing (?:else |more |further )?(?:from me|on my end|on my side|to ask)\b",
    r"\bi(?:'m| am) (?:all )?(?:good|set|done)(?: for now)?,? (?:thanks|thank you|no questions)",
    r"\bi think (?:i'm|i am) (?:good|all set)\b|\bi think that (?:covers|answers) (?:it|everything)"
    r"|\byou(?:'ve| have) (?:answered|covered) (?:all|everything|my questions)",
)
CLOSING_NO = re.compile(
    r"^(?:i think |well,? |ok(?:ay)?,? |so,? |um+,? )?(?:no|nope|nah|not really|i'?m good|all good|"
    r"i'?m all set|all set|that'?s (?:all|it|everything)|that covers it|"
    r"nothing|none|no thanks?(?: you)?|i think that'?s (?:it|all)|i'?m fine|not at the moment|"
    r"not right now|i (?:don'?t|do not) have anything(?: else| more)?"
    r")\b"
)
MOVE_ON = _rx(
    r"\b(?:move|go|switch) to (?:a different|another|the next) (?:question|one|topic)\b|\blet'?s "
    r"(?:jump|skip|move|go|switch|head) (?:to|ahead|on)\b",
    r"\b(?:talk about|discuss|do|go to|try) something else\b",
    r"\b(?:let'?s|let us|can we|could we|shall we|should we|i'?d like to|i want to|i'?d rather|"
    r"would rather|mind if we|ok to|okay to|we can|maybe we|i'?d prefer to|rather)\s+(?:just |"
    r"please |"
    r"maybe |go ahead and |now )?(?:move on|skip|go to the next|do the next|switch (?:to|topics)|"
    r"pass on (?:this|that|it)|come back to (?:this|it|that) later|park (?:this|it|that)|"
    r"move to the "
    r"next|go on to the next|try (?:a different|another) (?:question|one))",
    r"^(?:skip|pass|next(?: question)?|move on)\b",
    r"\bskip (?:this|that|it)(?: one| question| part)?\b",
    r"\bnext question,? please\b|\bi'?ll pass\b|\bcan we do (?:a different|another) (?:question|"
    r"one)",
    r"\bmove on to (?:the next|something else|another)\b",
    r"\bskip (?:ahead|forward)\b|\blet'?s (?:leave|drop|park) (?:this|that|it)\b",
    r"\bcome back to (?:this|that|it)(?: one)? later\b",
    r"\b(?:we should|we could|maybe we should|i think we should|shall we|we might as well) "
    r"(?:just )?(?:move on|move to|go to|skip|switch to)\b",
    r"\b(?:let'?s|let us|we should|i'?d rather) not (?:spend|dwell|waste|linger) (?:any |much )?"
    r"(?:more |longer |further )?(?:time )?(?:on|over) (?:this|it|that)\b",
    r"\b(?:prefer|want|like|have|get|try|do) (?:a |another )?(?:different|new) (?:question|one|"
    r"topic)\b|^(?:ok(?:ay)?|alright|right|so|fine),? (?:the )?next (?:one|question)\b",
    r"^(?:(?:ok(?:ay)?|alright|right|so|fine),? )?(?:moving on|next)\s*[.!]*$|\blet'?s continue "
    r"(?:with|to) the next\b",
)
ANSWER_REQUEST = _rx(
    r"\b(?:can|could) you show me\b|\bwhat (?:kind of |sort of )?(?:answer|solution|response) "
    r"would you (?:give|have|say)\b|\b(?:would you mind|could you|can you) (?:sketch|sketching|"
    r"draw|drawing|outline|outlining|write|writing|solving|solve) (?:the|a|an|it|out|this)\b",
    r"\bwhich (?:one|option|approach|variant|method) would you (?:pick|choose|use|go with)\b",
    r"\b(?:can|could|would) you (?:describe|explain|outline|walk me through|tell me|show me) how "
    r"(?:you'd|you would|you'll|you would)\b",
    r"\bshow me (?:what )?(?:a |the |an )?(?:good|strong|right|correct|ideal|model|reference|"
    r"example) (?:design|answer|solution)\b",
    r"\b(?:tell|give|show) (?:me |us )?(?:the |what the |what's the |your )?(?:answer|solution|"
    r"right "
    r"answer|correct answer|expected answer|ideal answer)\b",
    r"\bwhat(?:'s| is| was| would be| should be) (?:the |your )?(?:right |correct |expected |"
    r"ideal |textbook |standard |canonical |usual |typical |"
    r"model |best |real |actual )?(?:answer|solution)\b",
    r"\b(?:can|could|would|will) you (?:just |please )?(?:answer|solve|explain|do) (?:it|this|that|"
    r"the question|this one)(?: for me| yourself)?\b",
    r"\bjust tell me\b|\bexplain it to me\b|\bwhat would you (?:do|say|answer|have done|pick|"
    r"design)\b",
    r"\bhow would you (?:answer|solve|design|approach|handle|do) (?:it|this|that)\b",
    r"\bwalk me through (?:the|your) (?:answer|solution)\b",
    r"\b(?:can|could) you (?:please )?(?:explain|tell me|walk me through) (?:how|what|why) (?:it|"
    r"this"
    r"|that|the) (?:works?|is|does)\b",
    r"\bi(?:'d| would) (?:like|love) to (?:hear|know) (?:the|your) (?:answer|solution)",
    r"\b(?:can|could|would) you (?:just |please |maybe )*explain (?!what you mean|the question|"
    r"your question|the (?:scenario|requirements?|constraints?|setup|context|problem|task))",
    r"\b(?:give|show) me (?:an? )?(?:example|sample|model|reference) answer\b",
    r"\brather you (?:just )?(?:explain|tell|answer|show|walk)\b|\b(?:just )?give it to me\b",
    r"\bwhat (?:the|a) (?:right|correct|good|ideal|expected|model|best) (?:answer|solution) "
    r"(?:would be|is|looks like|should be)\b",
    r"\bwhat would (?:a|an|the) (?:strong|good|great|senior|staff|ideal|top|experienced) "
    r"(?:candidate|engineer|person|answer) (?:say|answer|do|write|look like)\b",
    r"\bshow me how (?:you(?:'d| would)?|to|it)\b|\b(?:tell|show) me how (?:it|this|that) "
    r"works\b",
    r"\bwhat(?:'s| is| would be) (?:the )?(?:best practice|right way|textbook approach|standard "
    r"approach|usual approach)\b|\bwhat(?:'s| is| was) the (?:actual|real|true|right|correct) "
    r"(?:reason|answer|explanation|cause|trick)\b",
    r"\b(?:give|show|send) me (?:a|an|the|your) (?:reference|model|example|sample|ideal|worked) "
    r"(?:design|answer|solution|architecture)\b|^(?:so,? )?(?:can|could|would) you (?:just )?"
    r"(?:tell|show) (?:me|us)(?: please)?\s*[?.!]*$|[.?!]\s*(?:can|could) you (?:just )?tell "
    r"me\s*[?.!]*$",
    # the concept itself, asked of the interviewer
    r"\b(?:tell|show|explain to) me how (?:\w+ ){1,3}works?\b|\bwalk me through (?:the|your) "
    r"(?:\w+ )?(?:answer|solution)\b|\bi give up\b.{0,25}\b(?:tell|show|explain)\b",
    r"\b(?:give|tell|show) me the (?:\w+ ){0,3}(?:formula|equation|derivation|proof)\b|"
    r"^(?:so,? )?what(?:'s| is) the (?:formula|equation|derivation)\s*\??$",
)
HINT_REQUEST = _rx(
    r"\bpoint me (?:at|to|towards?)\b",
    r"\bwhere (?:would|should|do) you (?:want|like) me to (?:start|begin)\b|\bhelp me (?:pick|"
    r"choose|decide|figure out)\b",
    r"\b(?:hint|hints|nudge)\b|(?<!\bno )\bclues?\b",
    r"\b(?:any|some|a few|a|one) (?:pointers?|tips?)\b",
    r"\bpoint me (?:in the right direction|somewhere)\b|\bsteer me\b",
    r"\bwhere (?:should|do|would|could|can) i (?:start|begin)\b",
    r"\bhelp me (?:get started|out|along|a bit|a little)\b",
    r"\bwhat should i (?:be )?(?:think(?:ing)? about|consider(?:ing)?|focus(?:ing)? on|"
    r"look(?:ing)? at)\b",
    r"\b(?:i'?m|i am) stuck\b.{0,40}\b(?:help|anything|something)\b",
    r"\bgive me (?:a )?(?:direction|starting point|something to go on)\b",
    r"\bstarting point\b|\bnarrow (?:it|this|that) down\b",
    r"\b(?:any|some|a (?:bit|little) of) (?:guidance|direction|help)\b|\bguide me\b",
)
META = _rx(
    r"\bwhat makes (?:a |an )?(?:good|strong|great|perfect|ideal) (?:answer|response|candidate)\b",
    r"\bdo you (?:grade|score|mark|judge|evaluate|assess|rate) (?:on|me|by|for|this|the|my)\b",
    r"\b(?:evaluation|scoring|grading|assessment|judging) criteria (?:for|of|on) (?:this|my|the) "
    r"(?:design|answer|question|round|interview|response)\b",
    r"\byou(?:'re| are) (?:looking for|after|hoping for|expecting)\s*\?|\bto pass(?: this| the "
    r"(?:interview|round|bar))?\s*\?|\bwhat (?:score|grade|level|rating) would you give\b",
    r"\b(?:are|will) you (?:be )?(?:grading|scoring|judging|evaluating|assessing|marking|rating) "
    r"(?:me|my|this|the)\b|\bam i (?:being )?(?:graded|scored|judged|evaluated|marked) on\b",
    r"\b(?:level of (?:depth|detail)|depth|detail) (?:you|that you|you're) (?:expect|want|are "
    r"looking for)\b|\bexpect from an? (?:senior|staff|mid|junior|strong|good)\b|\bmeta question\b",
    r"\bwhat (?:are|were) you (?:looking|hoping) (?:for|to hear)\b",
    r"\bhow (?:am i|will i be|is this|are (?:we|you)|is my answer|are answers|does this get|"
    r"do you) "
    r"(?:being |going to be |)?(?:scored|graded|evaluated|assessed|rated|judged|marked|score|"
    r"grade)\b",
    r"\brubric\b|\bscoring (?:criteria|guide|scheme)\b|\bgrading (?:criteria|scheme)\b",
    r"\bwhat (?:would|does|do) (?:a |an )?(?:good|strong|great|perfect|hire|hiring|passing|"
    r"senior|staff|ideal|top) (?:answer|candidate|response|answers)",
    r"\bhow am i doing\b|\bam i (?:on the right track|doing (?:ok|okay|well|good|alright|fine)|"
    r"passing|getting (?:it|this) right|close)\b",
    r"\bis (?:this|that|my answer) (?:what you(?:'re| are) (?:looking|after)|the right (?:answer|"
    r"direction|track)|correct|right|good enough|enough|what you wanted)\b",
    r"\bwhat (?:do|does) (?:you|the interviewer|the company) (?:want|expect) (?:to hear|from me|me "
    r"to say)",
    r"\bwhat (?:criteria|signals)\b|\bdid i (?:pass|get it right|do (?:well|ok|okay))\b",
    r"\bwhich (?:key points|points) (?:am i missing|did i miss|should i (?:cover|hit))\b",
    r"\bwhat am i missing\b|\bwhat (?:points|things) (?:count|score)\b|\bhow many points\b",
    r"\bwhat level (?:would|am|is|does)\b|\bwould (?:that|this) (?:pass|be a hire)\b",
    r"\bhow i (?:did|am doing|performed|was doing)\b|\bpartial (?:credit|marks|points)\b",
    r"\b(?:count|counts|held|used|go) against me\b|\b(?:full|top|extra) (?:marks|credit|points)"
    r"\b",
    r"\b(?:get|gets|earn|earns|give|gives) (?:me |you )?(?:a )?(?:strong hire|hire decision|"
    r"pass(?:ing)? (?:grade|score|mark)|a 4|full score|the points)\b",
    r"\bwhat(?:'s| is) the (?:bar|expectation|expected level)\b|\bhow much (?:do you|does the "
    r"(?:interviewer|panel|company)) (?:care|weigh|value)\b",
    r"\b(?:am i|are we|is (?:this|that|it)) (?:going |heading |moving )?(?:in )?the right "
    r"direction\b|\bwhat would you (?:rate|score|grade|give) (?:that|this|my|me)\b",
    r"\byou(?:'re| are)? (?:grading|scoring|evaluating|assessing|judging|marking)(?:\s+(?:on|"
    r"here|for|in)\b|\s*\?|\s*$)",
    r"\bhow (?:is |are |will |would )?(?:this|it|i|we|my (?:answer|performance|story)|(?:the|this) "
    r"(?:\w+ )?(?:round|interview|session|exercise|answer|question|conversation)) (?:is |are |will "
    r"be |gets? |being |going to be )?(?:scored|graded|evaluated|assessed|judged|marked|rated)\b",
    r"\b(?:points|things|boxes|areas) (?:you want|you'd like|you would like|i should|i need to|"
    r"you expect) (?:me )?(?:to )?(?:hit|cover|tick|mention|touch on)\b",
    # the clock and what is left of the interview; how it is going
    r"\bhow (?:much|many) (?:more )?(?:time|minutes?)\b.{0,25}\b(?:left|remaining|do we have|"
    r"have we got|is there)\b|\bhow (?:much|many) (?:more )?(?:time|minutes?) (?:is )?left\b",
    r"\bhow many (?:more )?(?:questions|rounds)\b|\bis (?:this|that) the last (?:question|one|"
    r"round|part)\b",
    r"\bhow did i do\b|\bam i (?:bombing|failing|blowing|messing)\b|\b(?:am i|i'?m) on track\b|"
    r"\bif i'?m on track\b|\bon your (?:checklist|list|rubric)\b",
    r"\bwould (?:this|that|my)(?: answer| response| design)? (?:pass|get a hire|be a hire|be "
    r"enough)\b|\bgrad(?:e|ing) (?:the |my )?(?:code|answer|design|solution) on\b",
)
DONT_KNOW = _rx(
    r"\bi (?:can'?t|cannot|couldn'?t) (?:explain|do|derive|work out|describe)\b|\bi (?:don'?t|do "
    r"not) think i'?(?:ve| have) (?:been|had|done|seen|faced|worked)\b",
    r"\bnot something i'?(?:ve| have) (?:come across|seen|done|used|worked (?:on|with)|heard of)\b"
    r"|\bi'?ve never\b|\b(?:never|haven'?t|have not) come across\b",
    r"\b(?:i )?(?:really |honestly |genuinely |just )?(?:don'?t|do not|dunno|dont) (?:really |"
    r"honestly |actually )?know\b",
    r"\bidk\b|\bno idea\b|\bno clue\b|\bnot (?:really |quite |entirely |totally )?sure\b|"
    r"\bunsure\b|\bbeats me\b|\bclueless\b",
    r"\bi'?m (?:blanking|drawing a blank|lost|stuck)\b|\bdrawing a blank\b|\bmy mind is blank\b",
    r"\bi (?:can'?t|cannot|couldn'?t) (?:remember|recall|think of|come up with|answer)\b",
    r"\bi (?:haven'?t|have not|never) (?:really |actually |yet )?(?:worked|used|done|dealt|seen|"
    r"heard|had|encountered|come across|been in|faced|studied|learned|learnt|read (?:about|up)|"
    r"looked (?:at|into)|touched|tried)\b",
    r"\b(?:don'?t|do not) (?:really )?have (?:an|any|a good|a|one|that kind of|a real) (?:example|"
    r"story|experience|answer|situation)\b",
    r"\bnothing comes to mind\b|\bi give up\b|\bno (?:real )?experience (?:with|in)\b",
    r"\b(?:don'?t|do not) (?:remember|recall)\b|\bi have nothing\b|\bout of my depth\b",
    r"\b(?:not|never) (?:familiar|heard of)\b",
    r"\bi(?:'m| am) (?:totally |completely |just )?(?:blanking|drawing a blank|lost)\b|\bi(?:'ve|"
    r" have) never\b",
    r"\bbeyond (?:what i know|me|my (?:knowledge|depth|experience))\b|\b(?:i'?m|i am) (?:really )?"
    r"not (?:sure|certain) (?:where|how|what) (?:i would|i'd|to) (?:even )?(?:start|begin)",
    r"\b(?:not|isn'?t) coming (?:to me|back to me)\b|\b(?:nobody|no one|nothing|none) (?:really )?"
    r"(?:comes?|springs?) to mind\b|\bgap in my (?:knowledge|experience)\b|\b(?:slipped|escapes?) "
    r"my mind\b|\bit escapes me\b",
    r"\bi(?:'ve| have) not (?:really |actually |yet |ever )?(?:\w+ed|done|seen|had|been|led|run|"
    r"built|taken|met|known|heard|read|worked)\b|\bi (?:wouldn'?t|would not) (?:know|have a clue)"
    r"\b|\b(?:not|outside) my (?:area|field|expertise|strong suit)\b|\b(?:a bit |very |quite )?"
    r"rusty (?:on|with)\b",
)
GUESS = re.compile(
    r"\b(?:but (?:i'?d|i would|i think|i guess|my guess|maybe|probably|i'll|i will|let me|if i|"
    r"roughly|something like|i'd say|it's|it is|i suspect|i know|we|you)|maybe|perhaps|probably|"
    r"(?<!where )(?<!how )(?<!what )i (?:think|guess|suspect|believe|imagine|assume|would|'d) |"
    r"my (?:guess|intuition|hunch)|"
    r"i'?d (?:estimate|guess|say|assume|start|go with)|estimate|roughly|might be|could be|likely|"
    r"because|something like|i'll assume|let me (?:try|think|reason)|guess)"
)
TENTATIVE_QUESTION = re.compile(
    r"\b(?:is it because|is that because|is it due to|would it be|could it be|is it related to|"
    r"is it the|isn't it|maybe|perhaps|because|i think|i guess|i'd say|probably|does it have to do)"
    r"\b"
)
MINIMAL = word_set(
    """
    ok okay k kk yes yeah yep yup ya sure hmm hm hmmm mm mhm uh um uhh umm right alright
    fine cool nice great good got it gotcha i see understood makes sense sounds good ok
    sure ok thanks thanks thank you ty okey dokey yes please go on continue noted fair
    enough true agreed interesting wow oh ah aha indeed absolutely definitely totally
    exactly correct perfect awesome lol haha yea understand roger copy that will do no i agree
    worries all right sounds fine ok cool okay cool sure thing ok got it alright then hmm
    okay
    """
)
MINIMAL_PHRASES = frozenset(
    {
        "got it",
        "i see",
        "makes sense",
        "sounds good",
        "thank you",
        "fair enough",
        "okey dokey",
        "go on",
        "yes please",
        "all right",
        "no worries",
        "copy that",
        "will do",
        "sure thing",
        "uh huh",
        "sounds fine",
        "ok got it",
        "okay got it",
        "alright then",
        "ok i see",
        "i agree",
    }
)
OFF_TOPIC = re.compile(
    r"\b(?:weather|football|soccer|basketball|baseball|movies?|films?|netflix|lunch|dinner|"
    r"breakfast|weekend|vacation|holiday plans|holiday season|plans for the (?:holidays?|summer)|"
    r"recipes?|restaurants?|pizza|coffee|birthday|songs?|music|bands?|concerts?|my cat|my dog|"
    r"pets?|hobby|hobbies|politics|elections?|celebrit(?:y|ies)|tv(?: shows?)?|video "
    r"games?|the game last night|favou?rite (?:color|colour|food|movie|book|show|team)|horoscope|"
    r"jokes?|traffic (?:was|is) (?:bad|terrible|awful)|how'?s your day|how are you|where are you "
    r"based|what time is it|sports?|hot where you are|cold where you are|which city|where do you "
    r"live|at the door|doorbell|your (?:video|camera|background|mic)|nice background|my "
    r"(?:internet|connection|wifi|phone)|can you hear me|bathroom|glass of water|"
    r"my (?:kid|kids|son|daughter|baby|partner|wife|husband|boss))\b"
)
PERSONAL = re.compile(
    r"\b(?:do|did) you (?:like|enjoy|love|hate) (?:your job|working here|it here|the company|"
    r"your work|this job)\b|\bhow long have you (?:worked|been) here\b|\byour favou?rite\b|"
    r"\bhow long have you been (?:interviewing|at|working|doing)\b|\bare you (?:hiring|"
    r"recruiting)\b|\bwhat do you do for fun\b|\bdo you (?:work from home|work remotely|live|"
    r"commute|like working)\b"
)
"""Questions about the interviewer's own life: fair in the closing segment, off-topic before."""
SMALL_TALK = re.compile(
    r"\byour (?:video|camera|background|mic|microphone|headset|audio|screen)\b|\bcan you "
    r"(?:hear|see) me\b|\b(?:doorbell|bathroom|glass of water|someone at the door|my "
    r"(?:internet|wifi|connection) (?:is|was|keeps|dropped))\b|\bhow(?:'s| is| was) your "
    r"(?:day|week|weekend|morning)\b"
)
"""Remarks about the call itself: off-topic even when a word happens to be on the problem
("nice background in your video" in a video-recommendation round)."""
DONT_KNOW_FILLER = word_set(
    """
    sorry trying try tried remember recall coming mind think thought know sure honestly
    really afraid unfortunately moment right now off top head
    """
)
"""Words a don't-know is made of: they are not the substance of a guess."""
STALL = re.compile(
    r"^(?:(?:ok(?:ay)?|hmm+|um+|uh+|so|well|sorry|sure|alright|yeah|yes),? )*"
    r"(?:let me think(?: about (?:it|that|this))?"
    r"(?: for a (?:second|sec|moment|minute|bit))?|give me (?:a|one) (?:second|sec|moment|minute)|"
    r"one (?:second|sec|moment)|hold on|just a (?:second|sec|moment|minute)|thinking|"
    r"let me collect my thoughts)[.!\s]*$"
)
