"""Question understanding for consumer messages: the focus (the disease, drug or test a message is
about, found anywhere in it by its name or an "also called" synonym, misspelt or lower case), the
question type (MedQuAD's types: treatment, causes, side effects, dosage, ...), and the main question
of a message that tells a story first.

    names = FocusNames.build(reference rows' focus and synonyms)
    u = understand("Kartageners syndrome. my daughter was diagnosed, will she be able to have kids", names)
    u.foci -> {"primary ciliary dyskinesia", ...}   u.qtype -> "outlook"   u.main -> "will she be able to have kids"
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.answering import aspects, followup, healthtalk
from medbot.text import clean, singular

# Consumer phrasings of MedQuAD's question types, most specific first (the first match wins). Drug
# types (side effects, usage, precautions, ...) come from MedlinePlus drug pages.
# harm in the long run ("is that bad long term if he doesnt wear the machine"; of a medicine, its safety: `understand`)
_LONG_TERM = (r"\b(?:bad|harmful|dangerous|serious) (?:in the )?long[- ]term\b|\blong[- ]term (?:effects?|damage|"
              r"problems?|complications?|consequences?)\b")
# ... said of a medicine taken ("been on omeprazole like 2 years, is that bad long term"), its safety; not "the long
# term complications" (`understand`)
_BAD_LONG_TERM = re.compile(r"\b(?:bad|harmful|dangerous|safe|ok|okay) (?:to take )?(?:in the |for the )?"
                            r"long[- ]term\b", re.I)
QTYPES: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(rx)) for name, rx in (
    ("side effects", r"\bdoes (?:it|a \w+|the \w+) hurt\b|\bbad for (?:you|your|my|the|his|her|kids?)\b|"
                     r"\bside[- ]?effects?\b|\badverse\b|"
                     r"\breactions? to\b|\bmake (?:me|you) (?:feel|sick|tired)|"
                     r"\bmakes? (?:my|his|her|your) (?:heart|pulse) (?:race|racing|pound\w*|flutter\w*)\b|"
                     r"\b(?:make|makes|made|give|gives|gave) (?:me|you|him|her|them) (?:a )?(?:cough|dizzy|"
                     r"drowsy|sleepy|nauseous|headaches?|rash|itch\w*|gain weight|put on weight|"
                     r"lose (?:my |his |her )?hair)\b|"
                     r"\bmakes? (?:u|you|me|him|her|them|people|ppl|some people) (?:feel )?(?:depressed|moody|"
                     r"anxious|suicidal|angry|bloated|constipated|hungry|fat|dizzy|sleepy|drowsy)\b|"
                     r"\bmess(?:es)? (?:with|up) (?:your|my|his|her|their|ur) (?:mood|head|mind|hormones|sleep)\b|"
                     r"\b(?:is|was|could) (?:that|this|it) (?:from|because of) (?:it|the (?:medicine|pills?|drug|"
                     r"cream|meds?|medication|tablets?))\b|"
                     # "could that be the tablets", "is it his meds"
                     r"\b(?:is|was|could|might) (?:that|this|it) (?:be )?(?:the|my|his|her|their) (?:tablets?|pills?|"
                     r"meds?|medicines?|medication|drugs?)\b|"
                     r"\bsince (?:i |he |she |you |we )?(?:started|starting|began) (?:on |taking |using )?(?:it|them|"
                     r"this|that|the "
                     r"(?:medicine|pills?|tablets?|drug|cream)|\w+(?:in|ol|ide|ine|pam|one|ate|il|an|ex))\b|"
                     r"\bsince (?:i |he |she |you |we )?(?:switched|went on|started taking)\b"),
    ("forget a dose", r"\b(?:miss(?:ed)?|forg[eo]t(?:ten)?|skip(?:ped)?) (?:a |my |the )?(?:dose|pill|tablet)|"
                      r"\bforg[eo]t(?:ten)? to take\b"),
    ("storage and disposal", r"\bstor(?:e|ing) (?:it|them|my|the|this|medicines?|pills|insulin)\b|\bstorage\b|\bdispos|"
                             r"\bhow (?:should|do|to|can) (?:i |you |we )?(?:store|keep)\b|"
                             r"\bexpired?\b|\bthrow (?:away|out)\b"),
    # ... not a cause asked ("is it bcoz of too much softdrinks"; still "can you die from too much paracetamol",
    # "because of too much tylenol his liver is failing")
    # ... nor what someone does too much ("scratching too much in the night")
    ("emergency or overdose", r"\boverdos|(?<!scratching )(?<!itching )(?<!crying )(?<!sleeping )(?<!sweating )"
                              r"(?<!coughing )(?<!sneezing )(?<!worrying )(?<!thinking )(?<!peeing )"
                              r"(?<!drooling )(?<!\bit because of )(?<!\bit bcoz of )(?<!\bit bcos of )"
                              r"(?<!\bit becoz of )(?<!\bit coz of )(?<!\bit cuz of )(?<!\bit cos of )"
                              r"\btoo (?:much|many)\b"),
    ("brand names", r"\bbrand\b|\bgeneric (?:name|version)\b"),
    ("precautions", r"\b(?:have|drink) (?:a |an |the |a few |few |some |any |a couple of |couple of |a bit of )?"
                    r"(?:wee )?(?:drinks?|dram|beers?|pints?|glass(?:es)? of wine|wine|whisky|whiskey)\b|"
                    r"\bhad (?:a |an |the )?(?:wee )?(?:drink|dram|beer|pint|glass of wine|wine|whisky|whiskey)\b|"
                    r"\b(?:is it|would it be|will it be) (?:ok|okay|alright|fine|bad|"
                    r"safe) (?:for (?:\w+ )?\w+ )?to (?:take|use|"
                    r"give|eat|drink|mix)\b|"
                    r"\binteract|\bsafe\b|\bsafely\b|\bpregnan|\bbreast ?feed|\bnursing\b|\balcohol\b|\bprecaution|"
                    r"\b(?:is|are) (?:\w+ ){0,7}ok(?:ay)? (?:on|with|while on) (?:it|them)\b|"
                    r"\bis it (?:ok|okay|safe|alright|fine) (?:to|for)\b.{0,40}\bwith (?:it|them)\b|"
                    r"\bcan (?:i|he|she|we|they) (?:still |even )?(?:go|do|have|drink|eat|play|fly|swim|wear|"
                    r"travel)\b.{0,40}\bwith "
                    r"(?:it|them)\b|"
                    r"\b(?:take|taking|use|using|mix|mixing|combine) .{0,30}\b(?:with|and|while)\b|"
                    r"\bbefore (?:taking|using)\b|"
                    r"\b(?:kidney|liver|heart) (?:problems?|disease|failure)\b.{0,60}\b(?:take|taking|use)\b|"
                    r"\bcontraindicat"),
    ("dose", r"\b(?:cut|split|break) (?:it|them|the (?:pills?|tablets?)|(?:a|my|his|her) (?:pill|tablet))s? in half\b|"
             r"\bhow (?:much|many) (?:puffs?|drops?|capsules?|ml|mls|spoons?|spoonfuls?|teaspoons?|units?|sprays?)\b|"
             r"\bdos(?:e|age|es|ing)\b|\bhow (?:much|many) (?:mg|milligrams|tablets|pills|should|can|do)\b|\bmg\b|"
             r"\bhow (?:much|many|often) (?!(?:water|sleep|meals?|sick days|times should i take (?:his|her|my) "
             r"temp)\b)(?:\w+ ){1,2}(?:can|should|do|shall|may) (?:i|we|you|he|she) "
             r"(?:give|take|have|use)\b(?! off\b)"),
    ("usage", r"\bhow (?:should|do|to|can) (?:i |you |we )?(?:take|use|apply|inject)\b|\bwhen (?:should i |to )take\b"),
    ("how effective is it", r"\btake (?:to|before it|for it to) (?:work|kick in|start working)\b"),
    # whether a treatment ends it ("the cream alone will finish it?", "will one dose finish it", "does it kill them")
    ("treatment", r"\b(?:cream|shampoo|lotion|tablets?|pills?|medicine|meds|dose|treatment|drops|spray|antibiotics?|"
                  r"course)(?: \w+){0,2} (?:will |would |can |could |does |do |is )?(?:finish|kill|wipe out|clear out) "
                  r"(?:it|them|this|that|the (?:infection|worms?|lice|nits|eggs|mites?|bugs?|germs?))\b|"
                  r"\b(?:will|would|can|could|does|do) (?:it|they|that|this) (?:\w+ )?kill (?:the )?(?:lice|nits|eggs|"
                  r"worms?|mites?|bugs?|germs?|fungus)\b"),
    ("indication", r"\bused (?:for|to treat)\b|\bwhat (?:is|are) [\w-]+ for\b|\bprescribed\b|\bwhy (?:take|use)\b"),
    # "is that from not eating right?" (the medicine's side effects were asked above)
    ("causes", r"\bis (?:that|this|it) (?:from|(?:because|bcoz|bcos|becoz|becos|coz|cuz|cos) of|due to|(?:cos|coz|cuz|"
               r"bcoz|because) (?:he'?s|she'?s|i'?m|hes|shes|im|they'?re|of)|(?:cos|coz|cuz|bcoz|because) (?:he|she|i|"
               r"they) (?:is|am|are|was|were|has|have|had|eats?|drinks?|smokes?))\b"
               r"(?! (?:it|the (?:medicine|pills?|drug|"
               r"cream))\b)|\bwhat (?:brings|brought) (?:it|this|that|them) on\b|"
               r"\bdid (?:\w+ ){1,5}bring (?:it|this|that|them) on\b"),
    ("dietary", r"\bdiet(?:ary)?\b|\bfoods?\b|\beat(?:ing)?\b|\bgrapefruit\b"),
    ("when to contact a medical professional", r"\bwhen (?:should|to|do) (?:i |you |we )?(?:see|call|contact|go to)\b|"
                                               r"\bshould i (?:see|call|go to)\b|\bemergency room\b|\bto the er\b"),
    ("research", r"\bresearch\b|\bclinical trials?\b|(?<!sleep )\bstud(?:y|ies)\b|\bnew (?:treatments?|drugs?|"
                 r"medicines?)\b"),
    ("genetic changes", r"\bgenes?\b|\bmutations?\b|\bchromosome"),
    ("inheritance", r"\binherit|\bhereditary\b|\bgenetic\b|\bruns? in (?:the |my |our )?famil|"
                    r"\b(?:is|was) (?:it|that|this) (?:\w+ )?in (?:the|our|my|his|her) famil|"
                    r"\bpass(?:ed|es)? (?:it |this |that )?down\b|"
                    r"\bpass(?:ed|es)? (?:it|this|that) on\b(?! (?:its|their) own)|"
                    r"\bpass(?:ed|es)? on (?!(?:the |a |my |an )?(?:flu|colds?|virus\w*|bugs?|germs?|infections?|"
                    r"covid\w*|chickenpox|measles|hiv|herpes|hep\w*|it)\b)(?:\w+ ){0,3}to "
                    r"(?:my|our|her|his|their|the|your|a) (?:kids|children|"
                    r"bab(?:y|ies)|sons?|daughters?|grandchildren|next generation|offspring|child)\b|"
                    # (not "will my baby get it when i give birth": how it is caught)
                    r"\b(?<!\bif )(?<!\bwhether )(?:my|our|her|his) (?:kids|children|baby) (?:get|have|inherit)"
                    r"(?!(?: \w+){0,3} (?:when|during|at|from|through|while) (?:i |she |he |we )?(?:give birth|"
                    r"giving birth|birth|delivery|labou?r|breast ?feed\w*|is born|gets born|me|her|him|us)\b)|"
                    r"\bchances? (?:for|of|that) (?:their|our|my|the|his|her) (?:kids|children|bab(?:y|ies)|child|son|"
                    r"daughter)(?:\W*$| (?:will |would |might |could )?(?:also )?(?:get|getting|have|having|inherit\w*|"
                    r"be born with) (?:it|this|that|the (?:disease|condition|gene|trait))\b(?! again\b))|"
                    # "what are the chances our children will have sickle cell", "... the next one also gets it"
                    # (not "... will get it from me": how it spreads)
                    r"\bchances? (?:for |of |that |is )?(?:their|our|my|the|his|her) (?:kids|children|bab(?:y|ies)|"
                    r"child|sons?|daughters?|next (?:one|baby|child|kid)) (?:will |would |might |could )?(?:also )?"
                    r"(?:gets?|getting|have|has|having|inherit\w*|be born with|be ss|be affected)\b"
                    r"(?!(?: \w+){0,4} (?:again|from|too|through|at|this|by|if|when|during)\b)|"
                    r"\b(?:will|would) (?:the|our|my|their) (?:baby|kids|children|child|son|daughter|weans|bairns) "
                    r"(?:also |too )?(?:inherit\w*|(?:get|have) (?:it|this|that|the (?:disease|condition|gene|"
                    r"trait))\b(?! again\b| from\b| (?:when|while|during|at) (?:i |she |he |we )?(?:give|giving|birth|"
                    r"delivery|labou?r|breast ?feed\w*|is born|gets born)\b)|get \w+(?: \w+)? (?:too|as well)\b)"),
    ("frequency", r"\bhow (?:many people|common|often does|rare)\b|\bprevalen|\bincidence\b"),
    # "can u get tetanus from a rusty nail": how it is caught (not "can i get the vaccine from my pharmacist", "get
    # better from the flu", "get vitamin d from the sun")
    ("causes", r"\bcan (?:you|u|i|he|she|we|they|people|kids|children|babies|a person|someone|dogs?|cats?) "
               r"(?:get|catch) (?!(?:a |an |the |my |his |her |some )?(?:\w+ )?(?:vaccin\w*|jabs?|shots?|boosters?|"
               r"prescriptions?|tests?|medicines?|pills?|tablets?|refills?|appointments?|referrals?|notes?|letters?|"
               r"results?|better|relief|rid|help|support|vitamins?|opinion|refunds?|advice|treatment|"
               r"it checked)\b)(?:a |an |the )?\w+(?: \w+)? from\b|\bincubation\b"),
    ("susceptibility", r"\bcan (?:\w+ )?(?:adults|kids|children|babies|men|women|people|grown ups|i|you|we) (?:get|"
                       r"catch)\b|"
                       r"\bat (?:a |any )?(?:(?:higher|high|increased|greater|bigger|more) )?risk\b|"
                       r"\brisk factors?\b|\blikely to (?:get|develop)\b|"
                       r"\bwho (?:gets|can get)\b|(?:^|[.?!,;]\s*|\b(?:and|so|but) )who (?:usually|normally|mostly|"
                       r"typically|tends to) gets?\b"),
    ("prevention", r"\bstop (?:\w+ ){0,3}(?:coming back|recurring|happening again)\b|"
                   # "anything i can take to stop them happening in the first place", "... coming at all"
                   r"\bstop (?:\w+ ){0,3}(?:happening|coming|starting)(?: at all| in the first place)\b|"
                   r"\bkeep (?:\w+ ){0,3}from coming back\b|\b(?:a|the|my|his|her) (?:jab|jag)s? for\b|"
                   r"\bis there a (?:jab|jag)\b|"
                   # "should i get that shot for it, im 61", "worth having the jab?" (a vaccine)
                   r"\b(?:get|have|getting|having|take) (?:that|the|this) (?:shot|jab|jag|vaccine)\b(?! of\b| for "
                   r"(?:my|his|her|the|your)\b)|"
                   r"\b(?:flu|mmr|hpv|tetanus|covid|"
                   r"shingles|pneumonia|booster) (?:shot|jab)s?\b|"
                   r"\bimmuni[sz]|"
                   r"\bkeep (?:\w+ )?from getting\b|\bget(?:ting)? (?:it|them|one|another)(?: one)? again\b|"
                   r"\bhow (?:do|can|would|should) (?:i|we|he|she|you) not get (?:another|it|them|one)\b|"
                   r"\bprevent|\bavoid(?:ed|ing)?\b|\bvaccin|\bprotect (?:myself|yourself|ourselves|themselves|"
                   r"against|him|her|them|us|(?:the|my|our|your|his|her) (?:kids|children|family|bab(?:y|ies)|child|"
                   r"son|daughter))\b|"
                   r"\breduce (?:the )?risk\b|"
                   # "is that shot worth getting once shes better": the vaccine
                   r"\b(?:the|that|this) (?:shot|jab|jag|vaccine) (?:\w+ )?worth (?:getting|having|it)\b|"
                   # "do i really have to wash all the bedding", "must i boil them so it doesnt come back"
                   r"\b(?:wash|washing|boil|boiling|bag up|bagging|hot wash|clean|cleaning|vacuum|vacuuming) "
                   r"(?:\w+ ){0,3}(?:bedding|beddings|sheets|pillowcases?|pillows|towels?|clothes|stuffed animals?|"
                   r"stuffies|soft toys|teddies|teddy bears?|hats|hairbrush(?:es)?|brushes|combs)\b|"
                   r"\b(?:it|they|this|that|(?:my|his|her|the|their) \w+) (?:doesn'?t|dont|don'?t|won'?t|wont|"
                   r"never) (?:\w+ )?"
                   r"come back\b|"
                   r"\b(?:gotta|got to|have to|need to|should|must|do) (?:i |we |he |she |you )?"
                   r"(?:quit|give up|cut out|"
                   r"cut down on|lay off|stay off|stop) (?:the |on )?(?:beer|booze|alcohol|"
                   r"drinking|smoking|cigarettes|sugar|salt|red meat|meat|seafood|coffee|soda|fizzy drinks)\b"),
    ("causes", r"\bcontag\w*|\bcatching\b|\b(?:give|pass|spread) it (?:on )?to\b|"
               # "will my baby get it when i give birth": passed on at birth
               r"\b(?:get|catch) it (?:\w+ ){0,2}(?:when|while|during|at) (?:i |she |we )?(?:give birth|giving birth|"
               r"birth|delivery|labou?r)\b|"
               # whether someone may be near others ("will it be alright for me to be around the little one?")
               r"\b(?:ok|okay|safe|alright|fine|can|could|should)\b[^.?!]{0,40}\b(?:be|go|stay|come) (?:around|near) "
               r"(?:the |my |our |his |her |a )?(?:baby|babies|little one|kids|grandkids|newborn|children|pregnant "
               r"\w+)\b|"
               r"\bhow (?:do|did|does|can|could|would) (?:\w+ )?(?:have )?(?:get|got|catch|"
               r"caught)\b(?! rid\b)"),  # "how long till he's not contagious": how it spreads
    ("exams and tests", r"\bcamera\b|\bscope\b|\bdoes (?:that|this|it) mean (?:i|he|she|they|we) (?:have|has)\b|"
                        r"\bcame back (?:at|as|with|high|low|positive|negative)\b|\bnumbers? mean\b|"
                        # "how to confirm one?", "how do they confirm it", "how is it confirmed"
                        r"\bhow (?:to|do (?:they|you|doctors?)|can (?:they|you|doctors?|i)|is (?:it|that|this)) "
                        r"(?:\w+ )?confirm(?:ed)?\b|\bhow (?:can|do|"
                        r"will|would) (?:they|doctors?|you|we) (?:tell|know|check)\b|\bfor sure\b|"
                        r"\bdiagnos(?!ed\b)|\bhow (?:is|are|do|does|can) .{0,40}\bdiagnosed\b|\btests?\b|"
                        r"\btested\b|"
                        r"\bscreen|\bdetect|\bfind out (?:if|whether)\b|\bresults?\b|"
                        r"\bwhat (?:does|will|would|can) (?:it|that|this|the \w+(?: \w+)?) (?:actually )?show\b|"
                        r"\b(?:positive|negative) (?:for|test)\b|\bmri\b|\bx-?ray\b|\bbiopsy\b|\blevels? (?:of|is|"
                        r"are)\b"),
    ("complications", _LONG_TERM + r"|\bturn into\b|\bwhat (?:happens|will happen|can happen) if\b|\buntreated\b|"
                      r"\bleft alone\b|"
                      r"\braises? (?:your|my|the|his|her)\b|\bcomplications?\b|\blead to\b|\bdamage\b|"
                      # "does it cause any other problems down the road?" (not "what other problems can cause these
                      # symptoms", "what can cause other issues like this", "the doctor down the road", "breathing
                      # problems walking down the road")
                      r"\b(?:does|do|can|could|will|would) (?:it|this|that|they) (?:\w+ )?cause (?:any )?other "
                      r"(?:problems|issues)\b|\b(?:problems|issues|complications) (?:later )?down the (?:road|line|"
                      r"track)\b"),
    ("outlook", r"\bhow fast\b|\bgrow out of\b|\boutgrow\w*|\bgo(?:es)? on for\b|\bhow many (?:days|nights|weeks|"
                r"months|years)\b|\b(?:will|gonna|going to) (?:\w+ ){0,2}be (?:ok|okay|alright|"
                r"fine)\b(?! to\b)|"
                r"\bgo(?:ing)? blind\b|"
                r"\blose (?:her|his|my|their|your) (?:sight|vision)\b|\bprogress(?:es|ion)?\b|\bclear up\b|"
                r"\boutlook\b|\bprognosis\b|\blife expectancy\b|\bsurviv|"
                r"\bfatal\b|\bback to work\b|"
                # "when can he go back to school": when it is over (before a test the story names, "tested positive")
                r"\b(?:when|how soon|how long (?:till|until|before)|(?:can|could|should|is it ok for) (?:he|she|i|they|"
                r"we|my \w+)|(?:is|are) (?:he|she|they) (?:ok|okay|alright|fine|safe) to) (?:\w+ ){0,3}(?:go|get|be|"
                r"come) back to (?:school|daycare|day care|nursery|kindy|"
                r"kindergarten|creche|class|uni|college|sports?|training|the gym|footy|football|playing)\b|"
                # "ok when is it ok for her to attend class again", "how soon can he return to work"
                r"\b(?:when|how soon) (?:is it (?:ok|okay|safe|alright) for|can|could|should|will|may) (?:\w+ ){1,4}"
                r"(?:be (?:able|allowed) to )?(?:to )?(?:attend|return to|rejoin) (?:class|school|daycare|day care|"
                r"nursery|work|kindy|preschool|college|uni)\b|\battend (?:class|school|daycare|nursery|work)"
                r"(?: \w+)? again\b|"
                r"\bdie (?:of|from)\b|\bcurable\b|"
                r"\bgo away\b|\bhow long (?:does|will|do|can|till|until|before)\b|\bhow long\b.{0,40}\b(?:lasts?|"
                r"stays?|heal)\b|"
                r"\b(?:is|was) (?:it|that|this|he|she|they) serious\b|\bhow serious\b|\blive with\b|"
                r"\bback to normal\b|\bon (?:its|their) own\b|\bby (?:it|them)sel(?:f|"
                r"ves)\b|\bpermanent\b|\brecover|\bable to (?:have kids|"
                r"get pregnant|"
                r"walk|work)|\bnormal life\b|\bget better\b|\bchances?\b|\bfertil"),
    ("stages", r"\bstages?\b|\bstaging\b"),
    ("treatment", r"\bwhat can (?:be|i|we|you) do(?:ne)?\b|\b(?:anything|something) (?:that )?(?:\w+ )?helps\b|"
                  r"\bwhat'?s? (?:the )?best (?:way )?(?:to|for) (?:shift|clear|treat|get rid|fix|stop|ease|soothe)\b|"
                  r"\bwhat can (?:i|we|you|he|she|they) (?:take|give|use|put)\b|"
                  r"\banything (?:i|we|you|he|she|they) can (?:do|take|give|use)\b|"
                  r"\bwhat (?:cream|medicine|pill|tablet|drop|ointment|"
                  r"treatment)s? "
                  r"(?:is|are|would|should|works?)\b|\bbest (?:cream|medicine|treatment|tablet)s?\b|\bwhat (?:helps|"
                  r"works)\b|\b(?:would|will|does|do|can) .{0,30}\bhelp\b|\bbreathe better\b|"
                  r"\btreat|\btherap|\bcured?\b|\bmedications?\b|\bmedicines? for\b|\bremed|\bget(?:s|ting)? rid of\b|"
                  r"\bmanag(?:e|ing)\b|"
                  r"\bwhat (?:can|should|do) (?:i|we|you) (?:do|take|use)\b|\bhelp (?:with|for)\b|\brelie(?:f|ve)\b|"
                  r"\bsurgery\b|\bfix\b|\btake (?:them|it|(?:his|her|my|the) (?:tonsils|adenoids|appendix|"
                  r"gallbladder|wisdom teeth|teeth|tooth)) out\b(?! of\b)|\b(?:have|need) to (?:be|stay) on\b|"
                  r"\b(?:on|take|taking) .{0,30}\bforever\b|"
                  r"\bmain treatment\b|"
                  r"\bput on (?:it|them|her|his|him)\b|\bworth it\b|\b(?:do|does|will|would) (?:it|they|this|that|"
                  r"these|those|the \w+|\w+s)(?: \w+)? work\b|"
                  r"\boperation\b|\bdrugs? for\b|\bpills? for\b|\bhow to (?:fix|stop|heal)\b|\b(?:lower|reduce|"
                  r"control|stabili[sz]e|"
                  r"bring down|improve) (?:it|my|his|her|the|blood)\b"),
    ("symptoms", r"\bhow (?:do|can|would|will) (?:i|you|we) tell\b|\bsymptoms?\b|\bsigns?\b|\bfeels? like\b|"
                 r"\blooks? like\b|\bhow do (?:i|you) (?:even )?know if\b"),
    ("causes", r"\bmakes? (?:it|them|this|that) worse\b|\bkeeps? getting\b|\bcatching\b|\bcaus|\bwhy (?:do|does|"
               r"did|am|is|are)\b|\breasons?\b|\btrigger|\bhow (?:do|did|does|can) (?:you|i|"
               r"one|people) "
               r"(?:get|catch)\b|\bspread\b|\btransmit|\bsets? (?:it|them|him|her) off\b|\bflares?\b|"
               r"\bwhy\b|"
               r"\b(?:get|catch) \w+(?: \w+)? from\b"),
    ("information", r"\bwhat (?:is|are)\b|\bwhat'?s\b|\btell me about\b|\binformation\b|\binfo\b|\bexplain\b|"
                    r"\bmean(?:s|ing)?\b|"
                    r"\blearn\b|\bdefin"),
)]
# MedQuAD's own type names that mean the same as one above
QTYPE_ALIASES = {"other information": "information", "important warning": "precautions",
                 "considerations": "treatment", "support groups": "information",
                 "brand names of combination products": "brand names"}
# Types close enough that an answer of one partly answers the other
RELATED = {frozenset(p) for p in (
    ("treatment", "usage"), ("treatment", "indication"), ("dose", "usage"), ("precautions", "side effects"),
    ("precautions", "dietary"), ("inheritance", "genetic changes"), ("causes", "susceptibility"),
    ("causes", "genetic changes"), ("exams and tests", "symptoms"), ("outlook", "complications"),
    ("outlook", "treatment"), ("prevention", "susceptibility"), ("emergency or overdose", "dose"),
    ("when to contact a medical professional", "symptoms"), ("precautions", "emergency or overdose"),
)}

_WORD = re.compile(r"[a-z0-9]+(?:'s)?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_QUESTIONISH = re.compile(r"\?|^(?:what|how|why|when|where|which|who|is|are|can|could|should|does|do|will|would|"
                          r"may|any|please)\b|\b(?:i want to know|i would like to know|wondering|tell me|need to know|"
                          r"information (?:on|about)|looking for)\b")
_RARE = re.compile(r"\b[A-Z][a-z]{5,}(?='s|\b)")  # capitalised words: names ("Kartagener", "Sjogren")
_ORDINARY = re.compile(r"\b[a-z]{5,}\b")
_ANY_LOWER = re.compile(r"\b[a-z]{2,6}\b")
_GREETING = re.compile(r"^(?:hi|hello|dear|thanks?|thank you|regards|sincerely|re|fw|fwd)\b")
MAX_NAME_WORDS = 8
SOUND_SPELLING = 0.75  # a word found by its sound must still share this much of its spelling


def qtype_of(text: str, skip: frozenset[str] = frozenset()) -> str:
    """The question type a message asks (default "information"), not one of `skip`."""
    low = clean(text).lower().replace("’", "'")
    return next((name for name, rx in QTYPES if name not in skip and rx.search(low)), "information")


# Types only a medicine's page has: asked of a condition ("can pregnant women catch it", "what foods to avoid so
# it doesn't form again"), the message's next type is the condition's (susceptibility, prevention)
MEDICINE_ONLY_TYPES = aspects.LABEL_SECTIONS | {"precautions"}


def canonical_qtype(qtype: str) -> str:
    q = (qtype or "information").strip().lower()
    return QTYPE_ALIASES.get(q, q)


def type_relation(asked: str, have: str) -> float:
    """1 for the same type, 0.5 for related ones, 0 otherwise."""
    asked, have = canonical_qtype(asked), canonical_qtype(have)
    if asked == have:
        return 1.0
    return 0.5 if frozenset((asked, have)) in RELATED else 0.0


def written_words(text: str) -> list[str]:
    """Lower-case words as written: possessive 's dropped, not a plural s ("kurus" stays "kurus")."""
    return [w.removesuffix("'s") for w in _WORD.findall(clean(text).lower().replace("’", "'"))]


def words(text: str) -> list[str]:
    """Lower-case words, possessive 's and plural s dropped ("Kartagener's" -> "kartagener")."""
    return [singular(w) for w in written_words(text)]


def name_key(name: str) -> str:
    return " ".join(words(name))


@dataclass
class FocusNames:
    """Every focus name and synonym of the reference, for dictionary matching in messages."""

    keys: dict[str, set[str]] = field(default_factory=dict)  # name key -> focus keys it names
    vocab: set[str] = field(default_factory=set)  # every word of every name
    by_prefix: dict[str, list[str]] = field(default_factory=dict)  # first 2 letters -> name words (typos)
    common: set[str] = field(default_factory=set)  # name words too common to stand alone ("disease")
    acronyms: dict[str, set[str]] = field(default_factory=dict)  # "PCD" -> focus keys (matched case-sensitively)
    hints: dict[str, set[str]] = field(default_factory=dict)  # rare answer word -> the foci whose pages use it
    focus_keys: set[str] = field(default_factory=set)  # names that are a topic themselves ("fever", "asthma")
    by_sound: dict[str, set[str]] = field(default_factory=dict)  # sound key -> long name words ("alzhimers")
    drugs: set[str] = field(default_factory=set)  # focus keys of medicines (reference.py's Reference fills it)
    ordinary: set[str] = field(default_factory=set)  # words the answers write in lower case: never "corrected"
    freq: dict[str, int] = field(default_factory=dict)  # name word -> answers using it (spelling ties)
    forms: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # "hydrocortisone" -> "cream" -> topical
    # the words names write with a plural s ("diabetes", "lupus"): in another language another word's singular is no
    # name's ("kurus", Indonesian for thin, is not kuru)
    written: set[str] = field(default_factory=set)
    street: set[str] = field(default_factory=set)  # a drug's street names that are everyday words (`_STREET_NAMES`)

    def __post_init__(self) -> None:
        self._pending_heads: dict[str, str] = {}  # build() -> add_hints(): heads to check against the answers
        self._lay: set[str] = set()  # the lay names added ("mono"): kept though the answers write them as words
        self._joined: dict[str, set[str]] = {}  # build() -> add_hints(): two-word names written as one word
        self._bracketed: set[str] = set()  # build() -> add_hints(): abbreviations from brackets ("MERS")

    @classmethod
    def build(cls, foci: Iterable[str], synonyms: Iterable[Iterable[str]]) -> FocusNames:
        out = cls()
        variants: dict[str, set[str]] = {}
        abbreviations: dict[str, set[str]] = {}
        for focus, syns in zip(foci, synonyms, strict=True):
            fkey = name_key(focus)
            if not fkey:
                continue
            out.focus_keys.add(fkey)
            out.street |= {name_key(n) for n in syns if n.lower() in _STREET_NAMES}
            for name in (focus, *syns):
                # "TIPS", "PCD": in capitals; a focus named so also in lower case (unless add_hints finds it a word)
                if name.isupper() and len(name) <= 6:
                    if name in _CHAT_CAPITALS:  # "we are both AS" (a genotype), "r u an AI": not a page's abbreviation
                        continue
                    out.acronyms.setdefault(name, set()).add(fkey)
                    if name != focus:
                        continue
                key = name_key(name)
                if key and len(key.split()) <= MAX_NAME_WORDS and not key.isdigit():
                    out.keys.setdefault(key, set()).add(fkey)
                    out.add_written(name)
            for short, acronym in plainer_names(focus):  # the page's own name: its synonyms name other things too
                if short:
                    variants.setdefault(short, set()).add(fkey)
                if acronym:
                    abbreviations.setdefault(acronym, set()).add(fkey)
        df: dict[str, int] = {}
        for key in out.keys:
            for w in set(key.split()):
                df[w] = df.get(w, 0) + 1
        out.common = {w for w, c in df.items() if c > 40} | _FILLER
        out._add_lay_names()  # before the spelling index, so "aneamic" finds "anaemic"
        # what people call a page named for its kind or with its abbreviation in brackets, where no page is called so:
        # "bacterial vaginosis" (only "Bacterial vaginosis - aftercare"), "MERS", "acl injury"; after the lay names, so
        # that no shorter name is made of them ("language" of "Language disorder - children")
        for short, foci in variants.items():
            if short not in out.keys and len(short.split()) <= MAX_NAME_WORDS:
                out.keys[short] = foci
        for acronym, foci in abbreviations.items():
            if acronym not in out.acronyms:
                out.acronyms[acronym] = foci
                out._bracketed.add(acronym)  # dropped by add_hints where the answers write it as a word ("FIT")
        out.vocab = {w for key in out.keys for w in key.split()}
        for w in out.vocab:
            if len(w) >= 5 and w.isalpha():
                out.by_prefix.setdefault(w[:2], []).append(w)
            if len(w) >= 7 and w.isalpha():
                out.by_sound.setdefault(sound_key(w), set()).add(w)
        return out

    def _add_lay_names(self) -> None:
        """People's names for a topic: "Parkinson" for Parkinson's disease (the name without its last,
        generic word, when no other topic is called so), and the lay names and abbreviations of
        bot/answering/followup.py ("afib", "RA", "pink eye") for the topics the reference has."""
        heads: dict[str, set[str]] = {}
        tails: dict[str, str] = {}
        for key, foci in self.keys.items():
            ws = key.split()
            if len(ws) == 2 and ws[1] in _GENERIC_TAIL and len(ws[0]) >= 5 and ws[0] not in self.common:
                heads.setdefault(ws[0], set()).update(foci)
            elif len(ws) == 3 and ws[2] in _GENERIC_TAIL and not {ws[0], ws[1]} <= self.common:
                heads.setdefault(" ".join(ws[:2]), set()).update(foci)  # "carpal tunnel", "irritable bowel"
                if {ws[0], ws[1]} & self.common:  # "urinary tract", "bone marrow": checked against the answers
                    tails[" ".join(ws[:2])] = ws[2]
        for head, foci in heads.items():
            if head not in self.keys and len(foci) <= 2:
                self.keys[head] = foci
                if head in tails:
                    self._pending_heads[head] = tails[head]
        # a two-word name written as one word ("hayfever"): added by add_hints where the answers never write that
        # word themselves ("daycare", "heartbeat" are words, not the pages on day care or a heart beat)
        for key, foci in self.keys.items():
            ws = key.split()
            if len(ws) == 2 and all(w.isalpha() and len(w) >= 3 for w in ws) and len(foci) <= 2 and \
                    followup.thing_kind(key) is None:  # not "sideeffect": an aspect asked, not a topic
                self._joined.setdefault(ws[0] + ws[1], set(foci))
        # a vaccine by the disease it prevents ("shingles shot", "hep b jab", "chickenpox vaccine"): the pages
        # whose name is that disease's name and "vaccine"
        vaccines: dict[str, set[str]] = {}
        for key, foci in self.keys.items():
            ws = key.split()
            if "vaccine" in ws and "what" not in ws:
                before = ws[:ws.index("vaccine")]
                if " ".join(before) in self.focus_keys:  # "yellow fever vaccine": yellow fever's, not fever's
                    vaccines.setdefault(" ".join(before), set()).update(foci)
                    continue
                for n in range(1, min(3, len(before)) + 1):  # "shingles (zoster) vaccine": shingles', zoster's
                    for i in range(len(before) - n + 1):
                        disease = " ".join(before[i:i + n])
                        if disease in self.focus_keys and disease not in _FILLER and len(disease) >= 3:
                            vaccines.setdefault(disease, set()).update(foci)
        for disease, foci in vaccines.items():
            for word in ("vaccine", "vaccination", "shot", "jab", "immunization", "injection", "booster"):
                self.keys.setdefault(f"{disease} {word}", set(foci))
        # a swelling said as people say it ("her legs swell every evening", "swollen ankles"): "leg swelling"'s page
        for key, foci in list(self.keys.items()):
            ws = key.split()
            if len(ws) == 2 and ws[1] == "swelling" and ws[0].isalpha() and len(foci) <= 2:
                for said in (f"swollen {ws[0]}", f"{ws[0]} swell", f"{ws[0]} swollen"):
                    self.keys.setdefault(said, set(foci))
        self._add_aliases(followup.LAY_NAMES)
        self._add_vaccine_words()
        # a name of several parts said without its "and" ("hand foot mouth disease", "ear nose throat")
        for key, foci in list(self.keys.items()):
            ws = key.split()
            if "and" in ws[1:-1] and len(ws) >= 4 and len(foci) <= 2:
                self.keys.setdefault(" ".join(w for w in ws if w != "and"), set(foci))

    def add_written(self, name: str) -> None:
        """Keep the words `name` writes with a plural s that its key drops (`written`)."""
        self.written.update(w for w in written_words(name) if singular(w) != w)

    def _add_aliases(self, aliases: dict[str, str]) -> None:
        """Lay names, abbreviations and brands ("afib", "RA", "Flagyl") of the topics the reference has."""
        for alias, target in aliases.items():
            known = self.keys.get(name_key(target))
            if not known:
                continue
            foci = set(known)
            if len(alias) <= 4 and " " not in alias:  # "RA", "MS", "ADD": in capitals only
                self.acronyms.setdefault(alias.upper(), set()).update(foci)
                if len(alias) <= 3 and (alias in _WORDS_TOO or len(alias) < 3):  # "ckd", "ibs": no other word
                    continue
            self.keys.setdefault(name_key(alias), set()).update(foci)
            self.add_written(alias)
            self._lay.add(name_key(alias))
            self.vocab.update(name_key(alias).split())

    def add_medicine_forms(self, drugs: set[str]) -> None:
        """A medicine's page named with its form ("Metronidazole Oral", "Hydrocortisone Topical"): people name the
        medicine alone ("is metronidazole safe?"), so the name without its form names its forms' pages (only
        where every page so named is a medicine's: "culture rectal" makes no name of "culture"); then the
        brands and other countries' names of bot/answering/followup.py whose medicine is now known ("Flagyl")."""
        forms: dict[str, set[str]] = {}
        for key, foci in self.keys.items():
            m = _FORM.search(key)
            if m and foci <= drugs and 1 <= len(key[:m.start()].split()) <= 2:
                head = key[:m.start()].strip()
                forms.setdefault(head, set()).update(foci)
                for word, form in _FORM_WORDS.items():
                    if m.group(0).strip().startswith(form):
                        self.forms.setdefault(head, {}).setdefault(word, set()).update(foci)
        for head, foci in forms.items():
            if head not in self.keys and head not in _FILLER:
                self.keys[head] = foci
                self.vocab.update(head.split())
        self._add_aliases(followup.BRANDS)
        self._add_vaccine_words()

    def _add_vaccine_words(self) -> None:
        """A vaccine by its own short name and a word for the shot ("mmr booster", "bcg jab"): "MMR vaccine"'s."""
        for key, foci in list(self.keys.items()):
            ws = key.split()
            if len(ws) == 2 and ws[1] == "vaccine" and ws[0].isalnum():
                for word in ("vaccination", "shot", "jab", "booster", "injection"):
                    self.keys.setdefault(f"{ws[0]} {word}", set(foci))

    def correct(self, word: str) -> str:
        """A misspelt name word ("kartageners" -> "kartagener", "metfromin" -> "metformin"): one edit in
        five letters, two in a long name ("alzhiemers"), or the same sound ("nemonia" -> "pneumonia")."""
        if word in self.vocab or len(word) < 5 or not word.isalpha():
            return word
        us = _british(word)  # "coeliac", "oesophagus", "haemorrhoids", "tumour": the names are in US spelling
        if us != word and us in self.vocab:
            return us
        if word in self.ordinary or word in _CHAT_WORDS or difflib.get_close_matches(word, _CHAT_WORDS, n=1,
                                                                                     cutoff=0.85):
            return word  # "tested" is a word, not a misspelt "testes"; "briliant" no misspelt Brilinta
        close = difflib.get_close_matches(word, self.by_prefix.get(word[:2], []), n=3, cutoff=0.84)
        if len(close) > 1:  # "osteoperosis": osteoporosis, used in many answers, before osteopetrosis
            best = difflib.SequenceMatcher(None, word, close[0]).ratio()
            near = [w for w in close if difflib.SequenceMatcher(None, word, w).ratio() >= best - 0.05]
            close = [max(near, key=lambda w: self.freq.get(w, 0))]
        if not close and len(word) >= 8:  # two edits in a long name, its length kept ("alzhiemers")
            close = [w for w in difflib.get_close_matches(word, self.by_prefix.get(word[:2], []), n=3, cutoff=0.78)
                     if abs(len(w) - len(word)) <= 1][:1]
        if close:
            return close[0]
        # alike in sound and in letters: "brother" is not "Bartter", "twenty" not "tinnitus"; a verb's past or -ing form
        # only a name word of the same ending ("weezing" is wheezing, "sliced me hand" is not Salcedo syndrome)
        if len(word) >= 6:
            ending = next((e for e in ("ed", "ing") if word.endswith(e)), "")
            same = [w for w in sorted(self.by_sound.get(sound_key(word), ()))
                    if difflib.SequenceMatcher(None, word, w).ratio() >= SOUND_SPELLING and w.endswith(ending)]
            if len(same) == 1:
                return same[0]
        return word

    def find(self, text: str) -> list[tuple[str, set[str], int]]:
        """(name key, focus keys, start word) of every name in `text`, longest first; a one-word name
        must not be a common word, and a shorter name inside a longer match does not count."""
        ws = [self.correct(w) for w in words(text)]
        found: list[tuple[str, set[str], int]] = []
        taken: set[int] = set()
        acronyms = set(re.findall(r"\b[A-Z][A-Z0-9]{1,5}\b", text)) & self.acronyms.keys()
        codes = set(_GENOTYPE_CODE.findall(text))
        if codes and (_GENOTYPE.search(text) or len(codes) >= 2):
            # "we are both AS", "are AS, can our baby have SS": genotypes
            acronyms -= _GENOTYPES
        if codes and _SICKLE in self.keys and _SICKLE_GENOTYPE.search(text) and not re.search(r"(?i)\bsickle", text) \
                and not _shouted(text):
            # ... of sickle cell disease, said as one ("both AS genotype", "im AS, my husband is AS"); not in a message
            # written in capitals ("I HAVE HIGH BLOOD PRESSURE AS WELL AS ASTHMA")
            found.append((_SICKLE, self.keys[_SICKLE], -1))
        for acr in acronyms:
            found.append((acr.lower(), self.acronyms[acr], -1))
        for n in range(min(MAX_NAME_WORDS, len(ws)), 0, -1):
            for i in range(len(ws) - n + 1):
                span = set(range(i, i + n))
                if span & taken:
                    continue
                key = " ".join(ws[i:i + n])
                if key in self.street and (len(ws) > 4 and not _DRUG_TALK & set(ws) and not (
                        i and (ws[i - 1] in _USING or i > 1 and tuple(ws[i - 2:i]) in _USING))
                        or ws[i + n:i + n + 1] and ws[i + n] in _DRINKS):
                    continue  # "back on the horse", "the same pot", "coke zero"; not "smoking pot", "addicted to smack"
                if key == "iron" and i and ws[i - 1] in _IRON_THINGS and re.search(
                        rf"(?i)\b{ws[i - 1]}\s+iron\b", text):
                    continue  # "a rusty bit of roof iron", "my curling iron": the metal or the tool, not the mineral
                if key in self.keys and (n > 1 or self._word_name(key)):
                    foci = self.keys[key]
                    if key in self.forms:  # "hydrocortisone cream", "metformin tablets": that form's page
                        said = [self.forms[key][w] for w in ws[i + n:i + n + 2] if w in self.forms[key]]
                        if not said:  # ... or said just before ("the steroid cream they give, hydrocortisone 1%",
                            # "dikasih krim hidrokortison"): the nearest
                            before = re.split(r" (?:and|with (?:my|his|her|their)|stopped|instead of|now|no longer|"
                                              r"off) ",
                                              f" {' '.join(ws[max(0, i - 5):i])} ")[-1]
                            said = [self.forms[key][f] for w in reversed(before.split())
                                    if (f := _FORM_ID.get(w, w)) in self.forms[key]]
                        foci = said[0] if said else foci
                    found.append((key, foci, i))
                    taken |= span
        if _LOW_IRON.search(text):
            # anemia said with too little iron or iron taken for it ("her bloods also showed low iron, anemia",
            # "anemia ... on iron tablets"): iron deficiency anemia's pages (not "my iron levels are normal")
            found = self._named_as(found, {"anemia"}, _IRON_ANEMIA)
        if _POSITIONAL in self.keys and _SPINS.search(text) and _LYING.search(text):
            found.append((_POSITIONAL, self.keys[_POSITIONAL], -1))  # "when i roll over in bed the room spins"
        if _LICE_ON_HEAD.search(text) and not _LICE_ELSEWHERE.search(text):
            # lice in the hair or sent home from school ("found lice in my daughters hair", "daycare sent a note home
            # about lice"): head lice's pages, not the overview of every kind
            found = self._named_as(found, {"lice"}, _HEAD_LICE)
        if _OLD_AGE.search(text) and not re.search(r"(?i)\bsudden", text) and (lost := self.keys.get(_HEARING_LOSS)):
            # "my hearing is going ... is that just my age?": age-related hearing loss's pages (not a sudden loss)
            found = self._named_as(found, lost, _AGE_HEARING)
        if _PINWORMS in self.keys and "worm" in text.lower() and (
                "white worm" in text.lower() and _WHITE_WORMS.search(text) or (m := _BUM_WORMS.search(text)) and not
                _PET.search(text[max(0, m.start() - 40):m.end()]) and not _NOT_WORMS.search(text)) and \
                not _ANIMAL.search(text):
            # "keeps scratching his bottom at night, sometimes i see small white worms", "keeps scratching his bum at
            # night, bloke at work reckons worms?" (not a dog's worms)
            found.append((_PINWORMS, self.keys[_PINWORMS], -1))
        if _LYME in self.keys and (_TICK.search(text) and _BULLSEYE.search(text) or re.search(
                r"(?i)\btick", text) and _BULLSEYE_SHAPE.search(text)) and not any(
                fs == self.keys[_LYME] for _, fs, _ in found):
            # a bullseye rash after a tick bite ("pulled a tick off my leg ... a big red ring like a bullseye"): Lyme
            # disease's pages, in place of the rash's
            found = [f for f in found if f[0] not in _RASH_NAMES] + [(_LYME, self.keys[_LYME], -1)]
        if _STOPS_BREATHING.search(text) and _ASLEEP.search(text):
            # snoring with pauses in breathing ("snores like a train and sometimes stops breathing"): sleep apnea
            found = self._named_as(found, {"snoring"}, _APNEA)
        # a rare word only some foci's pages use ("Kartagener" -> primary ciliary dyskinesia)
        for i, w in enumerate(ws):
            if i not in taken and w in self.hints and w not in self.vocab:
                found.append((w, self.hints[w], i))
        return found

    def _named_as(self, found: list[tuple[str, set[str], int]], said: set[str],
                  key: str) -> list[tuple[str, set[str], int]]:
        """`found` with the topic `said` named as the page `key` where the reference has it."""
        if key not in self.keys:
            return found
        return [(key, self.keys[key], i) if fs == said else (k, fs, i) for k, fs, i in found]

    def _word_name(self, key: str) -> bool:
        """A one-word name counts when it is a topic of its own ("fever") or rare among the names."""
        if len(key) < 3 or key in _STOP:
            return False
        if key in _FILLER:
            return False
        # common among the names' words ("hypertension" is in 60 names) but itself another name of one or two
        # topics (the synonym of high blood pressure): a name
        return key in self.focus_keys or key not in self.common or len(self.keys.get(key, ())) <= 2

    def _count_answer_words(self, texts: list[str]) -> None:
        """One pass over the answers' words: how many answers use each name word (`freq`, for spelling
        ties), and whether a name without its generic last word ("urinary tract" of urinary tract infection)
        stays a name: only when the answers rarely write it without that word ("irritable bowel" is nearly
        always the syndrome; "urinary tract" and "bone marrow" are parts of the body)."""
        pending = self._pending_heads
        alone: dict[str, int] = dict.fromkeys(pending, 0)
        with_tail: dict[str, int] = dict.fromkeys(pending, 0)
        freq: dict[str, int] = {}
        for text in texts:
            ws = [singular(w.removesuffix("'s")) for w in _WORD.findall(text.lower())]
            for w in {w for w in ws if len(w) >= 5 and w.isalpha()} & self.vocab:
                freq[w] = freq.get(w, 0) + 1
            if pending:
                for a, b, c in zip(ws, ws[1:], [*ws[2:], ""], strict=False):
                    head = f"{a} {b}"
                    if head in pending:
                        if c == pending[head]:
                            with_tail[head] += 1
                        else:
                            alone[head] += 1
        for head in pending:
            if alone[head] > max(3, with_tail[head] // 2) and head not in self._lay:  # a lay name stays ("sickle cell")
                self.keys.pop(head, None)
        pending.clear()
        self.freq = freq

    def add_hints(self, texts: Iterable[str], foci: Iterable[str], max_foci: int = 3) -> None:
        """Index rare words of the reference answers by the foci whose answers use them, so a name
        the reference knows only from its text still finds the page. A word names a topic whose answers
        write it at least twice ("Kartagener" in primary ciliary dyskinesia's): said once, it is a place, a
        person or a word that began a sentence ("London", "Grandma", "Kneeling"), and a message that says
        it ("30 degrees in london today") is not about that page; nor is a day or a month ever a topic's name
        ("Monday through Friday" in a page on radiation)."""
        texts_again = list(texts)
        seen: dict[str, dict[str, int]] = {}
        lower: set[str] = set()  # words also written in lower case are ordinary words, not names
        for text, fkey in zip(texts_again, foci, strict=True):
            lower.update(_ORDINARY.findall(text))
            if not fkey:  # a row with no focus names nothing
                continue
            for w in _RARE.findall(text):
                s = seen.setdefault(w.lower(), {})
                if len(s) <= max_foci or fkey in s:
                    s[fkey] = s.get(fkey, 0) + 1
        for joined, foci in self._joined.items():
            if joined not in lower and joined not in self.keys:
                self.keys[joined] = foci
        self.ordinary = {singular(w) for w in lower} - self.vocab
        self._count_answer_words(texts_again)
        self.hints = {w: named for w, s in seen.items()
                      if len(s) <= max_foci and w not in lower and w not in self.vocab and w not in _FILLER
                      and w not in _CALENDAR and (named := {k for k, n in s.items() if n >= 2})}
        # an acronym focus that is also an ordinary word ("AIDS": hearing aids) is matched in capitals only
        words_seen: set[str] = set()
        for text in texts_again:
            words_seen.update(_ANY_LOWER.findall(text))
        for key in [k for k in self.keys if k.upper() in self.acronyms and k in words_seen and k not in self._lay]:
            del self.keys[key]
        for acronym in [a for a in self._bracketed if a.lower() in words_seen]:  # "Fecal immunochemical test (FIT)"
            self.acronyms.pop(acronym, None)
            self._bracketed.discard(acronym)


# what a page's name says after " - " about the page, not about the condition ("Bacterial vaginosis - aftercare",
# "Hip fracture - discharge", "Asthma - children"): the name before it is the condition's
# (not "resources" or "what to ask your doctor": a list of organisations or of questions is no page on the condition;
# not "children", "infants" or "adults": a page on another population, as `Reference.family` keeps them apart)
_PAGE_KINDS = frozenset({"discharge", "aftercare", "self-care", "self care", "what you need to know", "overview",
                         "series", "home care", "first aid"})
_BRACKETED = re.compile(r"\s*\(([^()]{1,60})\)\s*")


def plainer_names(name: str) -> list[tuple[str, str]]:
    """The shorter names people use for a page's name, as (name key, abbreviation in capitals or ""): its name
    before a page kind ("Bacterial vaginosis - aftercare" -> "bacterial vaginosis"; "Hip fracture - discharge" ->
    "hip fracture"); with a word or an abbreviation in brackets, the name without it (two words or more) and an
    abbreviation of three letters or more with the rest of the name ("Anterior cruciate ligament (ACL) injury" ->
    "anterior cruciate ligament injury", "acl injury", and ACL, matched in capitals only as every abbreviation is:
    `FocusNames.acronyms`)."""
    out: list[tuple[str, str]] = []
    parts = [p.strip() for p in name.split(" - ")]
    while len(parts) > 1 and parts[-1].lower() in _PAGE_KINDS:
        parts.pop()
    base = " - ".join(parts)
    if base != name.strip() and not (base.isupper() and len(base) <= 6):
        out.append((name_key(base), ""))
    elif base != name.strip() and len(base) >= 3:  # an abbreviation left alone ("PAL - discharge"): in capitals only
        out.append(("", base))
    m = _BRACKETED.search(base)
    if m:
        inner = m.group(1).strip()
        without = name_key(_BRACKETED.sub(" ", base, count=1))
        if len(without.split()) >= 2:  # "intraocular melanoma", not "vaccine" of "Vaccines (immunizations)"
            out.append((without, ""))
        if re.fullmatch(r"[A-Z][A-Za-z0-9]{2,5}", inner) and sum(c.isupper() for c in inner) >= 2:
            rest = base[m.end():].strip()
            if rest and not rest.startswith("-"):
                out.append((name_key(f"{inner} {rest}"), ""))
            out.append(("", inner))  # in capitals only: in lower case many are words ("pal", "fit", "alt")
    return [(k, a) for k, a in out if (k and not k.isdigit()) or a]


_CALENDAR = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                       "february", "march", "april", "june", "july", "august", "september", "october", "november",
                       "december"})
# short abbreviations that are also words or names ("ms", "add", "als", "cad", "tia"): in capitals only
_WORDS_TOO = frozenset({"ms", "ra", "add", "als", "cad", "tia", "ocd", "std", "sti", "bp", "t1d", "t2d"})
# two letters in capitals that chat writes for something else than the rare condition a synonym abbreviates so: words
# in capitals ("IS THIS SERIOUS", "AT NIGHT"), sickle-cell genotypes ("SS", "AA"), "AI", "PS", "NB", the physio ("my
# PT said") and the emergency room or an overdose ("ER", "OD"); the lay list may still add one. "AS" stays (ankylosing
# spondylitis: "my AS is flaring"), but not beside a genotype's words (`_GENOTYPE`: "we are both AS, ... sickle cell")
_CHAT_CAPITALS = frozenset({"AT", "IS", "IT", "GO", "HI", "LO", "AH", "OH", "OK", "NO", "SO", "DO", "ME", "US",
                            "AM", "AN", "OR", "ON", "IN", "TO", "UP", "BE", "BY", "HE", "WE", "MY", "OF", "IF", "AA",
                            "SS", "AC", "SC", "AI", "PS", "NB", "PT", "OT", "ER", "OD", "DC", "GP"})
_GENOTYPES = frozenset({"AS", "SS", "AA", "AC", "SC"})
# street names of drugs that are everyday words (the others, "ice", "speed", "crack", are never one-word names:
# `_FILLER`): a name only after a word of using them ("smoking pot", "addicted to smack"; "how long till hes back on
# the horse" is no heroin question, nor "we all eat from the same pot" one about marijuana, nor "i drink mostly coffee
# and diet coke" one about cocaine)
_STREET_NAMES = frozenset({"horse", "junk", "smack", "h", "grass", "pot", "crystal", "chalk", "coke"})
_DRINKS = frozenset({"zero", "light", "float", "can", "bottle", "cola", "and"})  # "coke zero", "coke and rum"
_USING = frozenset({"smoking", "smoke", "smoked", "smokin", "using", "use", "used", "doing", "did", "snorting",
                    "snorted", "sniff", "sniffing", "sniffed", ("line", "of"), ("lines", "of"), ("bag", "of"),
                    ("bump", "of"),
                    "shooting", "injecting", "taking", "take", "takes", "took", "buying", "selling", "dealing",
                    ("addicted", "to"), ("hooked", "on"), ("high", "on"), ("is", "on")})
# ... or in a message about drugs ("is smack addictive", "can pot cause psychosis", "how long does pot stay in your
# system"), or a short one naming it ("what is smack")
_DRUG_TALK = frozenset({"addictive", "addicted", "addiction", "withdrawal", "psychosis", "paranoid", "stoned", "high",
                        "overdose", "drug", "drugs", "system", "legal", "teenager", "teen", "dealer", "joint",
                        "bong", "inject", "snort"})
# someone's other condition told as background: "he has diabetes pa naman", "she has asthma too"
_BACKGROUND = frozenset({"too", "also", "pa", "naman", "already", "well", "aswell", "besides"})
_CODE = "(?:" + "|".join(sorted(_GENOTYPES)) + ")"
_SICKLE = "sickle cell disease"


def _shouted(text: str) -> bool:
    """Written mostly in capitals."""
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) >= len(letters) / 2

_SICKLE_GENOTYPE = re.compile(rf"\b(?:{_CODE} (?i:genotypes?)|(?i:genotypes?)(?: (?i:is|are|of|both))? {_CODE}|"
                              rf"(?i:both)(?: (?i:are|of us are))? {_CODE}|{_CODE} ?(?:and|x|&|\+|/|vs) ?{_CODE}|"
                              rf"(?i:(?:i'?m|am|is|are)) ({_CODE})\b.*\b(?i:(?:is|are|am)) \1)\b")
_GENOTYPE_CODE = re.compile(rf"\b{_CODE}\b")
# ... a genotype's words, "both AS", or two codes paired ("AS and AS", "AS x SS", "im AS and he is AS")
_GENOTYPE = re.compile(rf"\b(?:(?i:genotypes?|sickle)|(?i:both) {_CODE}\b|{_CODE} (?:and|x|&|\+|vs|with|"
                       rf"(?i:and (?:he|she|my \w+|her|his) (?:is|am|are)(?: also)?)) {_CODE}\b)")
_IRON_THINGS = frozenset({"roof", "roofing", "corrugated", "scrap", "wrought", "cast", "sheet", "rusty", "steam",
                          "curling", "hair", "golf", "soldering", "branding", "waffle", "flat", "clothes"})
_APNEA = "sleep apnea"
# ... asleep ("in his sleep", "at night", "in bed": not "holds his breath underwater", "choking for air after running")
_ASLEEP = re.compile(r"(?i)\b(?:sleep\w*|asleep|night\w*|nite|in bed|snor\w*)\b")
# the room spinning when lying down or turning over: benign positional vertigo (not on standing up, nor after drinks)
_SPINS = re.compile(r"(?i)\broom (?:spins|spinning|is spinning|was spinning|starts? spinning)\b")
_LYING = re.compile(r"(?i)\b(?:roll(?:ed|ing|s)? over|turn(?:ed|ing|s)? over|lie down|lying down|lay down|in bed|"
                    r"turn(?:ed|ing)? my head|look(?:ing)? up)\b")
_POSITIONAL = "benign positional vertigo"
# too little iron, or iron taken for it
_LOW_IRON = re.compile(r"(?i)\b(?:low (?:on )?iron|iron (?:is|was|are|were|came back|levels? (?:is|are|was|were|"
                       r"came back)) (?:\w+ )?low|lack of iron|not enough iron|iron[- ]deficien\w*|iron (?:tablets?|"
                       r"pills?|supplements?|infusions?|drips?)|(?:on|taking|take|started) iron)\b")
_IRON_ANEMIA = "iron deficiency anemia"
# a medicine's form in Indonesian, for the form words the reference's names use ("krim hidrokortison")
_FORM_ID = {"krim": "cream", "salep": "ointment", "sirup": "syrup", "sirop": "syrup", "pil": "pill",
            "suntik": "injection", "suntikan": "injection", "kapsul": "capsule"}
# lice said with the head, hair or a school's note (not body or pubic lice)
_LICE_ON_HEAD = re.compile(r"(?i)\blice\b.{0,80}\b(?:hair|head|scalp|combs?|nits?|shampoos?|school|daycare|day care|"
                           r"nursery|preschool|kindy|kindergarten|class)\b|\b(?:hair|head|scalp|nits?|school|daycare|"
                           r"day care|nursery|preschool|kindy|kindergarten|class)\b.{0,80}\blice\b")
_LICE_ELSEWHERE = re.compile(r"(?i)\b(?:body|pubic|crabs?|private\w*|groin|genital\w*|down there)\b|\blice (?:in|on) "
                             r"(?:\w+ ){0,3}(?:eyebrows?|eyelash\w*|lashes|chest|armpits?|beard|legs?)\b")
_HEAD_LICE = "head lice"
# "sore eyes", as the Philippines say pink eye
_SORE = r"\bsore eyes\b"
# the eye's own discharge, said with it ("red eye and yellow discharge"; not "no yellow discharge", nor "eyes are
# yellow, green stuff in her nappy")
_DISCHARGE = (r"\beyes?\b(?! (?:are|is|look|looks|went|turned|have gone|has gone) yellow)"
              r"(?:(?!\b(?:but|and (?:she|he|i|they|it|her|his|my))\b)[^.?!,;]){0,30}(?<!\bno )(?<!\bnot )"
              r"(?<!\bwithout )\b(?:yellow|green|yellowish|greenish|thick) (?:discharge|pus|gunk)\b"
              r"(?! (?:from|in|on|out of) (?:his|her|my|the|their|your|its) (?!eyes?\b)\w+)")
_SORE_EYES = re.compile(rf"(?i){_SORE}")
_EYE_DISCHARGE = re.compile(rf"(?i){_DISCHARGE}")
# an eye red and sticky or crusted shut, "sore eyes", or the eye's own discharge: pink eye
_STICKY_EYES = re.compile(r"(?i)\beyes?\b[^.?!]{0,30}\b(?:sticky|gunky|goopy|gooey|crusty|crusted|glued shut|stuck "
                          rf"shut|sticking (?:together|shut))\b|\b(?:sticky|gunky|goopy|crusty) eyes?\b|{_SORE}|"
                          rf"{_DISCHARGE}")
# what a message about pink eye may name besides, which gives way to it: the red eye itself, "the bacterial one"
_RED_EYE = frozenset({"eye redness", "bacterial infection"})
_CONJUNCTIVITIS = "pink eye"
_EYE_INJURY = re.compile(r"(?i)\b(?:contacts?|contact lens\w*|blurr\w*|vision|weld\w*|chemical|bleach|splash\w*|"
                         r"something in|hit|punch\w*|scratch\w*|"
                         r"screens?|computer|staring|reading|tired|swimming|pool|chlorine)\b")
# events the reference has pages on for the health dangers they bring, and what makes a message about one a question
# or tells of a harm
_EVENTS = frozenset({"flood", "hurricane", "earthquake", "tsunami"})
_ASKS_ANYTHING = re.compile(r"(?i)\?|\b(?:what|whats|how|why|when|where|which|who|is|are|can|could|should|shud|do|"
                            r"does|did|will|would|any|tips?|advice|safe|avoid|prevent\w*|protect|dangers?|risks?|"
                            r"diseases?|sick|ill|infections?|germs?|water|wound|cut|nail|sores?|ooz\w*|pus|stepped|"
                            r"temp|fever|aches?|rash|itch\w*|diarrh\w*|vomit\w*|hurt\w*|injur\w*)\b")
# the weather told ("the rain non stop", "my shoes wet the whole day driving")
_WEATHER = re.compile(r"(?i)\b(?:rain\w*|river|storm\w*|weather|house|home|roads?|streets?|shoes|wet|driv\w*|traffic|"
                      r"again|lah|grabe|aiyo)\b")
# getting old, said beside hearing loss
_OLD_AGE = re.compile(r"(?i)\b(?:old age|just (?:(?:my|his|her|their|old) )?age|getting (?:old|older|on)|"
                      r"age[- ]related|"
                      r"in (?:my|his|her) (?:60s|70s|80s|90s|sixties|seventies|eighties|nineties)|"
                      r"(?:6|7|8|9)\d ?(?:years? old|yo|yrs? old))\b")
_HEARING_LOSS = "hearing loss"
_AGE_HEARING = "age related hearing loss"
# little white worms seen, said with an itchy bottom or at night (its ".*" is tried only where "white worm" is written:
# a long message of "itch itch ..." costs no search)
_WHITE_WORMS = re.compile(r"(?i)\bwhite worms?\b(?=.*\b(?:bottom|bum|butt|anus|poo|poop|stool|itch\w*|scratch\w*|"
                          r"night)\b)|\b(?:bottom|bum|butt|anus|itch\w*|scratch\w*)\b.*\bwhite worms?\b")
# an itchy or scratched bottom and worms, in one sentence, either order
_ITCHY_BUM = (r"(?:(?:itch\w*|scratch\w*) (?:\w+ ){0,3}(?:bum|bottom|butt|backside|anus)|"
              r"(?:bum|bottom|butt|backside|anus) (?:\w+ ){0,3}itch\w*)\b")
_BUM_WORMS = re.compile(rf"(?i)\b{_ITCHY_BUM}[^.?!]{{0,80}}\bworms?\b|\bworms?\b[^.?!]{{0,80}}\b{_ITCHY_BUM}")
# worms said not to be the cause ("GP says its not worms", "doctor ruled out worms", "worms are unlikely")
_NOT_WORMS = re.compile(r"(?i)\b(?:no|not|isn'?t|isnt|wasn'?t|wasnt|never|(?:doesn'?t|doesnt|don'?t|dont|didn'?t|"
                        r"didnt) have|ruled out|rule out|negative for)\b(?:\W+\w+){0,2}?\W+worms?\b|"
                        r"\bworms? (?:are|were|is|was) (?:unlikely|ruled out|not)\b")
_PETS = r"(?:dogs?|puppy|puppies|cats?|kittens?|pets?|horses?|cows?|chickens?)"
_PET = re.compile(rf"(?i)\b{_PETS}\b")
_ANIMAL = re.compile(rf"(?i)\b{_PETS}(?:'?s)? (?:poo|poop|"
                     r"stool|bum|bottom|butt|vomit|sick)\b|\b(?:poo|poop|stool) (?:of|from) (?:my|the|our) (?:dog|cat|"
                     r"puppy|kitten|pet)")
_PINWORMS = "pinworm"
# a tick bite and a rash like a target
_TICK = re.compile(r"(?i)(?<!\bno )(?<!\bnot a )(?<!\bwithout a )\bticks?\b(?! bites? that i know)")
_BULLSEYE = re.compile(r"(?i)\bred rings?\b|\bring[- ]shaped\b|\brings? (?:a?round|round) (?:the|it|where)\b")
_BULLSEYE_SHAPE = re.compile(r"(?i)\bbull'?s?[- ]?eyes?\b|\btarget\b")  # Lyme's sign, a tick seen or not
_LYME = "lyme disease"
_RASH_NAMES = frozenset({"rash", "rashe", "skin rash"})
# breathing that stops or gasps in the night, said beside snoring (English; Indonesian in indonesian.py's read)
_STOPS_BREATHING = re.compile(r"(?i)\b(?:stops?|stopped|stopping|pauses?|paused|quits?|quit|quitting) "
                              r"(?:his |her |their |my )?"
                              r"(?:breathing|breath|breathin)\b|\b(?:gasps?|gasping|choking) (?:for (?:air|breath)|in "
                              r"(?:his|her|their|my) sleep)\b|\bpauses? in (?:his |her |their |my )?breathing\b")
_GENERIC_TAIL = {"disease", "syndrome", "disorder", "infection", "palsy"}
# the words after a medicine's name that say its form ("hydrocortisone cream": the topical page)
_FORM_WORDS = {"cream": "topical", "ointment": "topical", "gel": "topical", "lotion": "topical", "tablet": "oral",
               "tablets": "oral", "pill": "oral", "pills": "oral", "capsule": "oral", "capsules": "oral",
               "syrup": "oral", "shot": "injection", "shots": "injection", "injection": "injection",
               "injections": "injection", "spray": "nasal spray", "inhaler": "oral inhalation", "drops": "ophthalmic"}
_FORM = re.compile(r" (?:oral|topical|injection|nasal spray|ophthalmic|otic|rectal|transdermal patch|"
                   r"oral inhalation|vaginal|sublingual|inhalation|transdermal)$")
_SOUNDS = [(re.compile(a), b) for a, b in (
    (r"^pn", "n"), (r"^kn", "n"), (r"^ps", "s"), (r"ph", "f"), (r"ck", "k"), (r"c(?=[eiy])", "s"), (r"[cq]", "k"),
    (r"x", "ks"), (r"z", "s"), (r"y", "i"), (r"gh", "g"), (r"th", "t"), (r"(.)\1+", r"\1"), (r"(?<=.)[aeiouhw]", ""),
)]


_BRITISH = [(re.compile(a), b) for a, b in (
    (r"(?<=[a-z])ae|^ae", "e"), (r"(?<=[a-z])oe|^oe", "e"), (r"our$", "or"), (r"isation$", "ization"),
    (r"ise$", "ize"), (r"yse$", "yze"), (r"tre$", "ter"))]


def _british(word: str) -> str:
    """A British spelling in US spelling ("coeliac" -> "celiac", "anaemia" -> "anemia", "tumour" -> "tumor")."""
    for rx, to in _BRITISH:
        word = rx.sub(to, word)
    return word


def sound_key(word: str) -> str:
    """A phonetic key: letters that sound alike written alike, vowels after the first letter dropped
    ("nemonia" and "pneumonia" -> "nmn", "alzhimers" and "alzheimers" -> "alsmrs")."""
    w = word.lower()
    for rx, to in _SOUNDS:
        w = rx.sub(to, w)
    return w


_STOP = {"the", "of", "and", "in", "to", "for", "with", "what", "is", "are", "my", "can", "do", "it", "you", "how",
         "have", "get", "not", "be", "on", "or", "that", "this", "will", "from", "at", "by", "all", "about", "when",
         "who", "no", "one", "other", "use", "after", "before", "side", "effect", "care", "help", "information",
         "treatment", "doctor", "patient", "people", "problem", "test", "back", "cold", "type", "food", "water"}
_FILLER = {"the", "of", "and", "a", "in", "to", "for", "with", "type", "disease", "syndrome", "disorder", "pain",
           "cancer", "test", "blood", "acute", "chronic", "child", "adult", "infection", "deficiency", "i", "ii",
           "what", "is", "are", "my", "can", "do", "it", "you", "how", "have", "get", "not", "be", "on", "or",
           "that", "this", "will", "from", "at", "by", "all", "about", "when", "who", "no", "one", "other", "use",
           "food", "skin", "eye", "heart", "back", "head", "diet", "water", "cold", "care", "sleep", "stress",
           "gene", "tip", "help", "mother", "father", "baby", "body", "brain", "surgery", "after", "before",
           "side", "effect", "drug", "medicine", "doctor", "patient", "people", "problem", "information", "treatment",
           # everyday words that are also the one-word name or synonym of a page ("still" is Still disease,
           # "fall" the page on falls, "white noise" is not about noise): a name only inside a longer one
           "still", "another", "young", "brown", "blue", "sharp", "conduct", "fifth", "speed", "mosaic", "makeup",
           "ice", "oil", "glass", "blow", "conversion", "fall", "noise", "patche", "patch", "battery", "image",
           "communication", "secondary", "mass", "movement", "shift", "ward", "personality", "learning",
           "crack", "eating", "nurse", "provider", "worth", "sweet", "crash", "kissing", "shaking", "charge",
           "pepper", "sixth", "feeding", "startle", "triad", "voice", "coach", "christmas", "snow",
           # body parts: "a camera down the throat" is not the page on throat disorders
           "throat", "mouth", "tongue", "nose", "ear", "neck", "foot", "feet", "hand", "leg", "arm", "knee", "hip",
           "shoulder", "chest", "tooth", "teeth", "lip", "finger", "toe", "wrist", "ankle", "elbow"}


@dataclass(frozen=True)
class Understood:
    text: str  # the whole message, cleaned
    main: str  # the sentence that asks
    foci: frozenset[str]  # focus keys named anywhere
    main_foci: frozenset[str]  # focus keys named in the main question or the subject line
    names: tuple[str, ...]  # the names as found (longest first)
    qtype: str
    words: frozenset[str] = frozenset()  # every word of the message (computed once, used per candidate)
    main_length: int = 1  # words in the main question
    follows_up: bool = False  # the conversation's topic is the focus (bot/answering/followup.py)
    off_topic: bool = False  # not a health question at all: no page, the off-topic reply


def _named_before(names: FocusNames, text: str, previous: str) -> bool:
    """Whether `text` (what a message says before a pronoun) names a condition, a medicine, a treatment or a test
    other than the conversation's topic (who has it, "pregnancy", and a sign alone aside)."""
    return any(previous not in fs and k not in followup.WHO and not fs <= followup.SYMPTOM_KEYS
               for k, fs, _ in names.find(followup.literal(text)))


def main_question(text: str) -> str:
    """The sentence that asks: the last one that reads as a question (most messages tell their story
    first and ask last), else the whole message."""
    parts = [p.strip() for p in _SENTENCE.split(clean(text)) if p.strip()]
    asks = [p for p in parts if _QUESTIONISH.search(p.lower()) and not _GREETING.match(p.lower())]
    return asks[-1] if asks else clean(text)


# A medicine's strength and form around its name ("metformin 500mg tabs", "lipitor 20 mg"): not part of the
# name, and "mg" alone would read as a dose question.
_STRENGTH = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|ug|g|ml|iu|units?|%)(?!\w)"
                       r"(?:\s*(?:tabs?|tablets?|caps|capsules?|xr|er|sr|xl|cr|ec|dr)\b)?", re.I)


_SLANG = {"wat": "what", "wut": "what", "u": "you", "ur": "your", "r": "are", "n": "and", "nite": "night",
          "cuz": "because", "tho": "though", "doc": "doctor", "meds": "medicines",
          "gf": "girlfriend", "bf": "boyfriend", "bc": "because", "prolly": "probably", "abt": "about", "w": "with"}
_SLANG_RX = re.compile(r"\b(" + "|".join(_SLANG) + r")\b", re.I)


def _slang(text: str) -> str:
    """Texting English folded ("wat r the symptoms" -> "what are the symptoms") for the question type."""
    return _SLANG_RX.sub(lambda m: _SLANG[m.group(1).lower()], text)


# a symptom tied to the conversation's condition ("is that just for the swelling?", "is it from that?")
_SYMPTOM_LINK = re.compile(r"\b(?:is (?:that|this|it) (?:just |only )?(?:why|from|because|due|related|part|for)|"
                           r"related to|"
                           r"because of (?:it|that|this|the)|due to (?:it|that|this|the)|caused by (?:it|that|this|"
                           r"the)|"
                           r"from (?:it|that|this)|for the)\b", re.I)
# chat words no answer writes, never to be "corrected" into a name ("alright" is not Albright)
_CHAT_WORDS = frozenset({"alright", "gonna", "wanna", "gotta", "kinda", "sorta", "dunno", "lemme", "gimme", "yeah",
                         "okay", "cause", "coz", "tonite", "tmrw", "tomorow", "thanx", "pls", "plz", "innit",
                         "gripe", "brilliant", "lovely", "awesome", "cheers", "thanks", "chucking"})
# ("gripe water" is no grippe; "brilliant, thanks so much" no Brilinta (ticagrelor); "chucking it down" no choking)
_SINCE_START = re.compile(r"\bsince (?:i |he |she |you |we )?(?:start|started|starting|began)\b", re.I)
# what a medicine named just before is doing to someone ("amlodapine making her ankles swell up like balloons", "the
# metformin is making me sick"): its side effects (not "the gout is making my toe hurt ... im on allopurinol")
_MAKING = re.compile(r"\b(?:making|made|makes) (?:me|him|her|them|my|his|their) (?:\w+ ){0,2}(?:swell\w*|swollen|"
                     r"puff\w*|itch\w*|dizzy|sleepy|drowsy|tired|sick|nauseous|cough\w*|bloated|constipated|ache|"
                     r"hurt)\b", re.I)
_IS_THAT = re.compile(r"\b(?:is|could|might|would) (?:that|this|it|these|those) (?:be |just |really |actually )?"
                      r"(?:a |an |the )?(.{3,40}?)\s*\??\s*$", re.I)
# asking what a description is ("she keeps forgetting things ... what could that be?"): a new question
_WHAT_COULD = re.compile(r"\bwhat (?:could|might|would|can|is|else could) (?:that|this|it) be\b", re.I)
# asking about the test or treatment itself, not whether the conversation's condition needs it
WHAT_IS = re.compile(r"\s*(?:so |and |ok )?(?:what(?:'s| is| are)|tell me about|what does .{1,30} (?:mean|show|do|"
                      r"measure|check|look for)|how does .{1,30} work)\b", re.I)


_HEDGE = re.compile(r"(?:might|may|could|can|is related|related|linked|wa related|cause|causes|causing)\b")
_SINCE_THEN = frozenset({"after", "since", "post", "following", "setelah", "sesudah", "habis", "abis"})
_SETTING = frozenset({"during", "while", "in", "for", "when", "through", "throughout", "whilst", "saat", "selama",
                      "untuk", "buat", "waktu", "pas"})
_SHOTS = frozenset({"shot", "vaccine", "jab", "jag", "vaccination", "immunization", "booster"})
_MILD_OR_BAD = frozenset({"high", "low", "bad", "mild", "slight", "little", "awful", "constant"})
_DEFINITE = frozenset({"the", "his", "her", "their", "my", "its", "this", "that", "these", "those", "our", "your"})
# someone having a condition now just before its name ("my wife is having high bp", "my sister has fibroids")
_HAS_NOW = re.compile(r"(?:\b(?:ha|has|got)|\b(?:is|am|are|been) having)(?: (?:a|an|the|some|bad|mild))?$")
# when a condition was had: long ago
_LONG_AGO = re.compile(r"(?:as a (?:kid|child|girl|boy|teen\w*|baby|youngster|toddler)|when (?:i|he|she|we|they) "
                       r"(?:wa|was|were) (?:a |little|young|small|\d)|(?:\w+ )?(?:year|yr) ago|long ago|in (?:the past|"
                       r"childhood))")
# the conversation's condition (a pronoun) as the subject of what it may lead to ("can it turn into epilepsy", "could
# that cause a stroke", "will this lead to diabetes", "does that raise his stroke risk", "does it increase the risk of
# dementia"), not "can he get it again" nor "is it caused by stress"
_LEADS_TO = re.compile(r"\b(?:can|could|will|would|does|do|might|may|is|are) (?:it|this|that|they|these|those)(?: \w+)?"
                       r" (?:ever |also |eventually |later |actually |really )?(?:cause|causes|lead to|leads to|"
                       r"turn into|turns into|become|develop into|progress to|progress into|end up as|result in|"
                       r"affect (?:his|her|my|their|your|the) (?:fertility|heart|kidneys?|eyes?|brain|liver|lungs?)|"
                       r"(?P<risk>(?:raise|raises|increase|increases|up|ups|put (?:him|her|me|them|you) at) "
                       r"(?:(?P<whose>his|her|my|their|your|our|the|a) )?(?=(?:\w+ ){0,2}(?:risk|chances?)\b)))|"
                       # ... or what it means the one who has it will have ("got told he's got afib ... does that
                       # mean hes gonna have a stroke"; "does that mean i will get it" asks another's risk)
                       r"\b(?:does|do|would|will) (?:that|this|it) mean (?:he'?s|hes|she'?s|shes|he|she|they|they'?re|"
                       r"(?:my |our )?(?:dad|da|mum|mom|mam|father|mother|husband|wife|nan|gran|grandma|grandpa)'?s?) "
                       r"(?:is )?(?:gonna|going to|will|'ll) (?:have|get|develop)\b|"
                       # ... or a risk it brings, told by the doctor ("has AF ... doctor say got risk of stroke")
                       r"\b(?:say|says|said|told (?:him|her|me|us)) (?:that )?(?:he |she |there )?(?:got|has|have|is|"
                       r"'s|there'?s|there is) (?:a |an )?(?:high |higher |big |bigger |increased )?risks? of\b", re.I)
# a relative whose condition it is: "my dad had a heart attack at 50, does that raise my risk?" asks the writer's own
# risk, not what the father's heart attack leads to
_KIN = re.compile(r"\b(?:mums?|moms?|mother|mam|maw|mammy|mummy|mommy|ma|dad|dads|daddy|da|pa|father|sister|brother|"
                  r"grandma|grandpa|gran|nan|nana|granny|grandmother|grandfather|aunt|auntie|aunty|uncle|cousin|"
                  r"parents?|family|siblings?)\b")
# words a question may open with before "does it raise ...": "ok so does it raise his risk of a stroke?"
_FILLERS = frozenset({"ok", "okay", "so", "and", "hmm", "hm", "doc", "well", "but", "also", "then", "um", "oh",
                      "right"})
# what someone has beside the conversation's condition, said just before its name ("my grandma with copd"), or is
# treated for or died of ("on chemo for breast cancer", "died of a heart attack", "history of"); not how someone got it
# ("a bad case of shingles", "came down with chickenpox", "suffering from migraines", "tested positive for pneumonia")
_WITH_SOMEONE = re.compile(r"\b(?:grandma|grandpa|gran|nan|nana|granny|mum|mom|mother|dad|father|son|daughter|wife|"
                           r"husband|brother|sister|uncle|aunt|aunty|auntie|friend|baby|kid|child|boy|girl|man|woman|"
                           r"lady|someone|people|patients?|neighbou?r|nenek|kakek|ibu|ayah|bapak|anak|adik|kakak|"
                           r"suami|istri|orang) (?:with|dengan|yang punya)$")
_TREATED_OR_DIED = re.compile(r"(?:\b(?:chemo|chemotherapy|treated|treatment|medication|meds?|tablets?|pills?|surgery|"
                              r"insulin) for|\b(?:died|passed away|dead) (?:of|from)|\bhistory of)$")
# ... the last two unless the writer asks whether it comes back or is their own risk ("my sister was treated for bell's
# palsy last year. can it come back?", "my dad died of a heart attack at 52. will i get it too?")
_AGAIN_OR_MINE = re.compile(r"\b(?:come|comes|coming) back|\bagain\b|\b(?:will|would|could|can|might) i (?:get|have|"
                            r"inherit)|\bam i (?:at|more)|\bmy (?:risk|chances?)\b|\bme too\b|"
                            r"\bi (?:get|have) it too\b", re.I)
_ARTICLES = frozenset({"a", "an", "the", "her", "his", "their", "my"})
# "can it cause that?", "does that make it worse?", "is that because of it?", "could that be causing it?": "that" is the
# other condition, "it" the conversation's (not "does it hurt like this?", "is that why it hurts?", "is it bad that it
# wakes me up?")
_IT_AND_THAT = re.compile(r"\bit\b.*\b(?:cause[sd]?|causing|lead(?:s|ing)? to|trigger(?:s|ed|ing)?|make[s]?|"
                          r"making|give[s]?|giving) (?:that|this)\W*$|\b(?:that|this) (?:makes?|made|causes?|caused|"
                          r"affects?|worsens?|triggers?) it\b|\b(?:that|this) (?:is |was )?(?:because of|due to|from|"
                          r"caused by) it\b|\b(?:that|this) (?:be )?caus\w* it\b", re.I)
# a condition said not to be there, in `words()` form ("isn't" -> "isn t"): "the doctor said it isn't psoriasis", "not
# eczema", "no family history of heart disease", "my baby hasnt had chickenpox"
_NEGATED = re.compile(r"(?:\b(?:not|isnt|isn t|no|never|bukan|tidak|ga|gak|nggak|ruled out)(?: \w+)?|"
                      r"\bno (?:family )?history of|\b(?:hasnt|havent|hadnt|didnt|hasn t|haven t|hadn t|didn t|never|"
                      r"not) (?:had|have|got|get|gotten|ha)(?: a| an| the)?)$")
# someone having a condition just before its name ("my dad has", "she's got", "i had"): a condition of their own
_HAS_IT = re.compile(r"\b(?:has|have|had|got|ha|get|gets|getting|caught|with)(?: (?:a|an|the|some|bad|mild))?$")


def understand(text: str, names: FocusNames | None = None, previous_focus: str | None = None,
               learned: bool = True, mentions: Callable[[str, str], bool] | None = None) -> Understood:
    """What a message asks about what. `previous_focus` (the conversation's topic, bot/core.py's
    FollowUps) is the focus of a follow-up: a message that names no condition of its own but asks about
    health, or names only a treatment or a test of it (bot/answering/followup.py). `learned` False: the
    question type from the rules alone (the benches' judges read reference FAQs so, never with the bot's model).
    `mentions(topic, name)`: whether the topic's answer text writes the name (`Reference.mentions`), so a sign of
    the conversation's condition named in a follow-up ("how many days before the fever will go down" after typhoid)
    keeps it."""
    text = clean(text)
    bare = plain(text)
    main = main_question(bare)
    literal = followup.literal(bare)  # not "absolute nightmare of a week"
    found = names.find(literal) if names is not None else []
    ws_ = words(literal)  # the words `found` counts in
    # a condition named as had long ago ("I'm 71 and had chicken pox as a girl") is a story, not what is asked, in a
    # follow-up that names a treatment or test ("should I get that shingles shot"); otherwise it may well be ("my nan
    # had shingles years ago, is that the same virus?", "had hepatitis b years ago ... liver enzymes are high")
    past = [(k, fs, i) for k, fs, i in found if i > 0 and ws_[i - 1] == "had" and _LONG_AGO.match(
        " ".join(ws_[i + len(k.split()):i + len(k.split()) + 6]))]
    if past and previous_focus and any(followup.thing_kind(k) in ("treatment", "tests") or set(k.split()) & _SHOTS
                                       for k, _, _ in found):
        found = [f for f in found if f not in past]
    if (not found and _STICKY_EYES.search(literal) or found and all(fs <= _RED_EYE for _, fs, _ in found) and (
            _EYE_DISCHARGE.search(literal) or _SORE_EYES.search(literal)) and not WHAT_IS.match(main)) and (
            not previous_focus or followup.switches(bare)) and names is not None and _CONJUNCTIVITIS in names.keys and \
            not _EYE_INJURY.search(literal) and not _PET.search(literal):
        # a first message on an eye red and sticky or crusted shut, or "sore eyes" as the Philippines say pink eye
        # ("her eye so red and sticky, like glued shut"), or one that moves on to it ("another one, my eyes are red
        # and sticky"); not in a follow-up, where it may be a sign of the conversation's condition ("her eyes are red
        # and crusty" after Kawasaki disease); and where only a red eye or "the bacterial one" is named ("red eye and
        # yellow discharge ... sore eyes daw. how to know if its the bacterial one")
        found = [(_CONJUNCTIVITIS, names.keys[_CONJUNCTIVITIS], -1)]
    if found and all(fs <= _EVENTS for _, fs, _ in found) and _WEATHER.search(bare) and not \
            _ASKS_ANYTHING.search(bare) and not followup.asks_about_health(bare):
        # a flood or a storm told, not asked about ("aiyo the rain non stop ... my house almost flood again lah"):
        # the weather, no health topic
        found = []
    elif any(fs <= _EVENTS for _, fs, _ in found) and not all(fs <= _EVENTS for _, fs, _ in found):
        # ... and beside a condition, the condition ("we waded thru flood yesterday ... worried about lepto")
        found = [f for f in found if not f[1] <= _EVENTS]
    subject = _SENTENCE.split(bare)[0]  # NLM messages start with a subject line naming the topic
    main_found = names.find(followup.literal(main)) if names is not None else []
    in_main = frozenset(f for _, fs, _ in (main_found + names.find(followup.literal(subject)) if names else [])
                        for f in fs)
    conditions = any(followup.thing_kind(k) is None and not fs <= followup.SYMPTOM_KEYS and not followup.measure(k)
                     for k, fs, _ in found)
    if names is not None and (not previous_focus or followup.switches(bare)) and not followup.small_talk(bare) \
            and not conditions and (said := followup.reading(bare)):
        # "148 over 95, is that high?", "fasting sugar was 118": the condition of the reading, not the measure
        extra = names.find(said)
        found = [f for f in found if not followup.measure(f[0])] + extra
        in_main = frozenset(f for f in in_main if f not in followup.MEASURES) | {f for _, fs, _ in extra for f in fs}
    foci = frozenset(f for _, fs, _ in found for f in fs)
    qtype = _asked(main, bare)
    if qtype == "complications" and names is not None and foci & names.drugs and _BAD_LONG_TERM.search(bare):
        qtype = "precautions"  # "been on omeprazole like 2 years for heartburn, is that bad long term": its safety
    follows_up = off_topic = False
    kinds, covered = followup.things_in(bare)
    # a condition other than the conversation's, named as someone's verdict ("physio says plantar fasciitis. how long
    # does it take to settle?"): a new topic, however the message asks
    # ... a word that only adds a question ("also", "random q") switches only where something new is named or told,
    # or nothing points back ("also, what causes it?" follows up; "also, what causes X?", X unknown, does not)
    switched = followup.switches(bare) and not (not found and followup.refers_back(bare) and followup.only_adds(bare))
    if not switched and previous_focus and names is not None:
        # ... and someone's verdict on another condition, or another condition someone has now when the conversation
        # is about a condition ("my wife is having high BP in pregnancy. is it dangerous for baby?" after A1C; after a
        # medicine, "i have kidney disease, is it safe for me?" asks about the medicine)
        # (not a guess about the conversation's condition: "my doctor said diabetes might be related" after gout)
        # (nor one someone has as well, told after a question that points back: "can it affect his kidneys? he has
        # diabetes pa naman"; still "is it serious? my baby has croup now", and a verdict: "is it contagious? the doctor
        # just said its strep not a cold")
        asked = words(followup.literal(main))
        told_after = _word_at(ws_, asked) + len(asked) if followup.refers_back(main) else len(ws_) + 1
        switched = previous_focus not in names.drugs and any(
            followup.thing_kind(k) is None and not fs <= followup.SYMPTOM_KEYS and previous_focus not in fs
            and (followup.verdict_before(ws_, i) and not _HEDGE.match(" ".join(ws_[i + len(k.split()):][:3]))
                 or _HAS_NOW.search(" ".join(ws_[max(0, i - 3):i])) and not (
                     i >= told_after and _BACKGROUND & set(ws_[max(0, i - 3):i + len(k.split()) + 3])))
            for k, fs, i in found if i >= 0)
    # a name inside a treatment or test ("blood" in "blood tests") or of an aspect ("side effects") is no topic
    # ... and in a follow-up that points back ("is advil enough for that?") a medicine is what is asked about it
    # ... unless it asks what only a medicine has ("how much paracetamol can I give him?": its dose)
    # ... "one dose of it, is that enough?", "can he still eat grapefruit with it?" after amlodipine; but after a
    # condition, "is it safe to take omeprazole while pregnant" asks what only the medicine's page answers
    after_condition = bool(previous_focus) and names is not None and previous_focus not in names.drugs
    medicine = bool(previous_focus) and followup.refers_back(bare) and (
        qtype not in ("dose", "side effects") and not (qtype in MEDICINE_ONLY_TYPES and after_condition)
        or followup.asks_about_use(bare))
    # ... and so is a medicine named alone in a conversation about a condition ("allopurinol itu harus diminum
    # terus seumur hidup ya?" after gout, "is omeprazole ok to take long term" after heartburn): the condition's
    # treatment, when the message asks what it is for or whether it is needed, not what only the medicine's page
    # answers (its dose, side effects, interactions, use in pregnancy, a missed dose: MEDICINE_ONLY_TYPES) nor
    # "what is X?", and does not change the subject ("is allopurinol for the swelling?" still follows up; "can
    # lisinopril make me cough" asks its side effects)
    only_medicines = names is not None and bool(found) and all(
        fs & names.drugs or followup.thing_kind(k) is not None or fs <= followup.SYMPTOM_KEYS for k, fs, _ in found)
    named_medicine = bool(
        after_condition and only_medicines
        and qtype in ("information", "treatment", "outlook") and not switched
        and not (qtype == "information" and WHAT_IS.match(main)))
    medicine = medicine or named_medicine
    topics = [(k, fs) for k, fs, _ in found
              if followup.thing_kind(k) is None and not (set(k.split()) <= {singular(w) for w in covered} | covered)
              and not (medicine and names is not None and fs & names.drugs)]
    own = [(k, fs) for k, fs in topics if not fs <= followup.SYMPTOM_KEYS]
    if own and len(own) < len(topics):  # "eczema ... cracked until bleeding": the condition, not the symptom
        topics = own
    if not previous_focus and topics and all(k in followup.WHO for k, _ in topics) and all(
            _SETTING & set(ws_[max(0, i - 2):i]) for k, _, i in found if k in followup.WHO) and (things := [
            (k, fs) for k, fs, i in found if followup.thing_kind(k) in ("treatment", "tests")
            and not _SINCE_THEN & set(ws_[max(0, i - 2):i])]):
        # "is it safe to have the flu shot during pregnancy?": who has it is the setting, the shot what is asked (not
        # "is pregnancy after a kidney transplant risky?" nor "risks in pregnancy after chemotherapy", where the
        # pregnancy is)
        topics = things
    if previous_focus and not own and topics and _SYMPTOM_LINK.search(bare):
        topics = []  # "is that just for the swelling in his legs?": still the conversation's condition
    # ... and so does a sign its own pages write, named in a question that says no one has it anew: "how many days
    # before the fever will go down" after typhoid; not "my dad has a fever now too" nor "doctor says it's shingles"
    # ... only a symptom ("fever", "cough", "swelling": `followup.SYMPTOM_KEYS`) said with "the" or a possessive ("the
    # fever", "his cough"), never another condition its pages name ("what are the signs of a stroke?" after high blood
    # pressure, "is the common cold contagious?" after flu)
    at_word = {k: i for k, _, i in found if i >= 0}
    sign_of_topic = bool(
        previous_focus and topics and mentions is not None and not switched and names is not None
        and all(fs <= followup.SYMPTOM_KEYS and mentions(previous_focus, k) and at_word.get(k, 0) > 0
                and (ws_[at_word[k] - 1] in _DEFINITE or at_word[k] > 1 and ws_[at_word[k] - 2] in _DEFINITE
                     and ws_[at_word[k] - 1] in _MILD_OR_BAD) for k, fs in topics)
        and not any(_HAS_IT.search(" ".join(ws_[max(0, i - 3):i])) or followup.verdict_before(ws_, i)
                    for k, _, i in found if i >= 0 and any(k == t for t, _ in topics))
        and (qtype != "information" or "?" in bare or followup.refers_back(bare)))
    if sign_of_topic:
        topics = []
    cause_asked = bool(previous_focus and topics and not switched and all(
        i > 0 and _CAUSE_CUE.search(" ".join(ws_[max(0, i - 7):i])) for k, _, i in found
        if any(k == t for t, _ in topics)))
    if cause_asked:
        # only a cause asked about ("is it cos im a bit overweight? im 45" after sleep apnea): still the conversation's
        topics = []
    if not found and not kinds:
        # the off-topic reply only for small talk with no health word ("thanks! will it rain tomorrow?"); any
        # other message without a topic follows up when it asks about health, else is declined as before
        # ... or, where the rules find no word of health, when the learned model reads one ("can i still kiss my bf
        # or nah" after mono; bot/answering/healthtalk.py)
        off_topic = followup.small_talk(bare)
        follows_up = bool(previous_focus) and not off_topic and not switched and (
            asks_of_topic(bare, qtype) or learned and healthtalk.asks_about_health(text, "en"))
    elif previous_focus and not topics and not switched and (
            followup.refers_back(bare) or followup.asks_about_use(bare) or kinds and not WHAT_IS.match(main)
            or named_medicine or sign_of_topic):
        follows_up = True  # "would antibiotics help?": the condition stays, the thing is what is asked
        kinds |= {followup.thing_kind(k) or "" for k, _, _ in found}
        if qtype in ("information", "usage", "indication") and not sign_of_topic:
            qtype = "exams and tests" if "tests" in kinds and "treatment" not in kinds else "treatment"
    elif previous_focus and followup.refers_back(main) and len(words(main)) <= 16 and not _WHAT_COULD.search(main) \
            and not _topics_in(names, main, covered) and not switched \
            and not (_condition_last(names, found, _word_at(ws_, words(followup.literal(main))), previous_focus, ws_,
                                     main)
                     and not _IT_AND_THAT.search(main)):
        # a story naming other things, then "is it really needed?"; not a story whose last name before the question is
        # another condition: "it" is that one ("my father had kidney stone last year. how to stop it coming back"
        # after migraine; but "my dermatologist brought up accutane. is that dangerous?? my mom read it causes
        # depression" still asks about the acne's medicine)
        follows_up = True
    if cause_asked and follows_up:
        qtype = "causes"
    if qtype in ("information", "causes", "symptoms") and names is not None and (
            _SINCE_START.search(bare) or _medicine_making(names, found, ws_)) and any(
            fs <= names.drugs for _, fs, _ in found):
        qtype = "side effects"  # "metformin ... diarrhea every day since I started": the medicine's
    if qtype == "side effects" and names is not None and not follows_up and (
            drugs := frozenset(f for _, fs, _ in found if fs & names.drugs for f in fs & names.drugs) or frozenset(
                f for k, fs, _ in found if followup.thing_kind(k) == "treatment" for f in fs)):
        # "they've put him on Eliquis, what side effects ... he bruises easily": the medicine's, not the bruise's (and
        # a kind of medicine's: "doc wants me on a statin for my cholesterol. whats the side effects")
        foci = in_main = drugs
        topics = [(k, fs) for k, fs in topics if fs & drugs]
    if topics and len(topics) < len(found) and not WHAT_IS.match(main):
        # a condition and a test or treatment named together ("the ultrasound says I have fatty liver, how do
        # you get it?"): the condition is what is asked about
        foci = frozenset(f for _, fs in topics for f in fs)
        in_main = (in_main & foci) or foci
    if not follows_up and names is not None and (compared := _compared(names, found, ws_))[0]:
        # another condition named only to compare the one asked about with ("my maw's got shingles ... whit actually
        # is it, is it like the chickenpox", "how do i know if its pink eye or just allergy"): not the topic
        foci = foci - compared[0]
        in_main = (in_main - compared[0]) or compared[1]
    if previous_focus and names is not None and previous_focus in names.drugs and _WITH_IT.search(bare) and \
            not switched:
        # "is it ok to give him paracetamol for his back pain while he's on it?" after warfarin: whether another
        # medicine, a drink or a food goes with the conversation's medicine
        follows_up, qtype = True, "precautions"
    if previous_focus and names is not None and previous_focus not in names.drugs and not switched and \
            (not follows_up or qtype == "information") and followup.thing_kind(previous_focus) is None \
            and (m := _LEADS_TO.search(bare)) \
            and (set(words(bare[:m.start()])) <= _FILLERS if m.group("risk") else len(words(bare[:m.start()])) <= 3) \
            and not _named_before(names, bare[:m.start()], previous_focus):
        # "can it turn into epilepsy?" after febrile seizures, "could that lead to a stroke?" after high blood
        # pressure: what the conversation's condition may lead to (its complications), not the other condition's page
        # (the question opens the message: not "i also have diabetes now, could that lead to a stroke?", "i smoke a pack
        # a day, could that lead to a heart attack?": "that" is what the message said first; a risk raised, only as its
        # first words: "i smoke, does that raise my risk of copd?")
        follows_up, qtype = True, "complications"
    if not follows_up and names is not None and (m := _LEADS_TO.search(literal)):
        # "my dad has gout, can it lead to kidney stones?", "i have barretts, could that turn into cancer": what the
        # condition named last before the question may lead to, its complications (as a follow-up's above), not the
        # other one's page
        at, end = len(words(literal[:m.start()])), len(words(literal[:m.end()]))
        named = [(i, k, fs) for k, fs, i in found if 0 <= i < at]
        # never where a medicine, a treatment or a shot is named before: "it" is that ("i take metformin for diabetes,
        # can it cause diarrhea")
        taken = any(fs & names.drugs or followup.thing_kind(k) == "treatment" or set(k.split()) & _SHOTS
                    for _, k, fs in named)
        before = [(i, fs) for i, k, fs in named if followup.thing_kind(k) is None
                  and not fs <= followup.SYMPTOM_KEYS and not followup.measure(k)]
        last = max((i for i, _ in before), default=-1)
        # the writer's own risk after a relative's condition ("my dad has gout, does that raise my risk of ...", "put
        # me at risk"): not its complications
        mine = bool(m.group("risk")) and (m.group("whose") in ("my", "our") or " me " in m.group(0) + " ") and bool(
            _KIN.search(" ".join(ws_[max(0, last - 3):last]))) and "i" not in ws_[max(0, last - 3):last]
        if before and not taken and not mine and any(i >= end for _, _, i in found):
            foci = in_main = frozenset(max(before, key=lambda x: x[0])[1])  # the last named before the question
            qtype = "complications"
    if follows_up and previous_focus:
        foci = in_main = frozenset({previous_focus})
        if kinds - {""} and qtype in ("information", "usage", "indication"):  # "a blood thinner ... is it needed?"
            qtype = "exams and tests" if "tests" in kinds and "treatment" not in kinds else "treatment"
    elif qtype == "information" and names is not None and (m := _IS_THAT.search(main)) and _topics_in(
            names, m.group(1), covered):
        qtype = "symptoms"  # "burning after meals ... is that GERD?": does what I have sound like it
    if not follows_up and names is not None and (guessed := _guessed(names, found, ws_)) and foci - guessed:
        # the condition guessed at among the signs and the story ("now he has fever and his calves are so sore. could
        # it be lepto? what are the signs"): what is asked about
        foci, in_main = guessed, guessed
    if qtype in MEDICINE_ONLY_TYPES and names is not None and foci and not foci & names.drugs and not any(
            f.endswith(" vaccine") for f in foci):  # (a vaccine's safety is asked of it: "is the hpv vaccine safe")
        qtype = _asked(main, bare, MEDICINE_ONLY_TYPES)  # asked of a condition: the condition's type of question
    if foci and not off_topic and learned:
        # the learned model's type where the rules read none (or it is very sure of another), once whether and what
        # the message asks is settled (it knows what health questions ask, not whether a message is one); a
        # condition's type for a condition
        skip = frozenset() if names is not None and foci & names.drugs else MEDICINE_ONLY_TYPES
        # the rules' type of the main question of several stays: the model reads the whole message
        qtype = learned_qtype(bare, qtype, qtype != "information", skip, whole=main == bare)
    if not follows_up and names is not None and qtype in _OF_A_CONDITION and foci & names.drugs and not (
            _OF_THE_MEDICINE.search(main) or any(fs & names.drugs for _, fs, _ in main_found)
    ) and (taken_for := frozenset(f for k, fs in own if not fs & names.drugs for f in fs) & foci):
        # a medicine named beside the condition it is taken for, asked what only the condition has ("tested positive
        # for strep ... started him on amoxicillin. when can he go back to school"): the condition
        foci = foci - names.drugs
        in_main = (in_main - names.drugs) or taken_for
    if not follows_up and names is not None and qtype in _OF_A_MEDICINE and (meds := foci & names.drugs) and (
            conditions_beside := _beside(foci, meds, names)) and (
            in_main & names.drugs or not in_main - names.drugs) and not (
            qtype != "dose" and _suits(found, ws_, conditions_beside)):
        # ... and the other way round: a medicine's dose, side effects or safety asked beside the condition it is
        # for ("what is the normal dose of paracetamol for adult for fever", "pregnant, got toothache, can she take
        # ibuprofen"): the medicine, where the question names it or no condition ("is it safe to exercise with
        # asthma? i use albuterol" stays the asthma's), and not whether it suits the condition it is for ("is
        # omeprazole ok for heartburn"); the medicine's own pages stay ("ibuprofen dosing for children")
        foci, in_main = foci - conditions_beside, (in_main - conditions_beside) or meds
    if not follows_up and names is not None and qtype in _OF_A_MEDICINE and len(foci & names.drugs) > 1:
        # of two medicines, the one asked about, not the one taken already ("is zyrtec ok to take with my
        # lisinopril")
        on_already = {f for k, fs, i in found if i > 0 and fs & names.drugs and _WITH_TAKEN.search(
            " ".join(ws_[max(0, i - 3):i])) for f in fs}
        if (foci - on_already) & names.drugs:
            foci, in_main = foci - on_already, (in_main - on_already) or (foci - on_already)
    if off_topic:
        foci = in_main = frozenset()
    return Understood(text, main, foci, in_main, tuple(k for k, _, _ in found), qtype, frozenset(words(bare)),
                      len(words(main)) or 1, follows_up, off_topic)


# a cause asked about: "is it cos im a bit overweight", "is that because of my diabetes", "could it be from the stress"
# (not "could that be from a stroke": a guess at a condition, not a cause asked about)
_CAUSE_CUE = re.compile(r"\b(?:is|was) (?:it|that|this) (?:cos|coz|cuz|bcoz|bcos|because|due to)(?: of)?(?: \w+){0,3}$")
# a guess at what someone has ("could it be lepto?", "is it a UTI", "do i have psoriasis", "maybe its shingles")
_GUESS = re.compile(r"\b(?:(?:could|might|would|can) (?:it|this|that|these|those) (?:be|just be)|"
                    r"(?:is|was) (?:it|this|that)(?: just| really)?|maybe (?:it'?s|its|it is)|"
                    r"do (?:i|you think i) have|does (?:he|she|my \w+) have)(?: a| an| the)?$")
# ... not a cause asked about ("was it the high blood pressure that did it?", "is it the afib that caused it")
_CAUSED = re.compile(r"^(?:that|which|what) (?:\w+ )?(?:caus\w*|did|started|start|brought|gave|give|trigger\w*|led)\b")


def _suits(found: list[tuple[str, set[str], int]], ws: list[str], conditions: frozenset[str]) -> bool:
    """Whether one of `conditions` is said as what a medicine may suit ("is omeprazole ok for heartburn", "is it
    safe for my asthma"): `_SUITS`, "for" and at most a possessive before its name."""
    for _, fs, i in found:
        if fs & conditions and i > 1:
            at = i - 1 if ws[i - 1] != "for" and ws[i - 1] in ("my", "his", "her", "the") else i
            if at > 1 and ws[at - 1] == "for" and ws[at - 2] in _SUITS:
                return True
    return False


def _beside(foci: frozenset[str], meds: frozenset[str], names: FocusNames) -> frozenset[str]:
    """The topics among `foci` that are neither a medicine nor a page of one (a page whose name has a medicine's
    first word: "ibuprofen dosing for children")."""
    heads = {m.split()[0] for m in meds}
    return frozenset(f for f in foci - names.drugs if not heads & set(f.split()))


def _medicine_making(names: FocusNames, found: list[tuple[str, set[str], int]], ws: list[str]) -> bool:
    """Whether a medicine named at most three words before `_MAKING`'s words is what makes the complaint."""
    said = " ".join(ws)
    for m in _MAKING.finditer(said):
        at = len(said[:m.start()].split())  # the word "making" is at
        if any(fs & names.drugs and 0 <= at - (i + len(k.split())) <= 3 for k, fs, i in found if i >= 0):
            return True
    return False


def _guessed(names: FocusNames, found: list[tuple[str, set[str], int]], ws: list[str]) -> frozenset[str]:
    """The conditions a message guesses at (`_GUESS`), and those said after "or" right after one ("is it measles or
    chickenpox"); none where it names a condition someone has ("i have eczema on my hands, is it the soap or could
    it be psoriasis": both stay)."""
    out: set[str] = set()
    end = -1
    if any(i > 0 and _HAS_IT.search(" ".join(ws[max(0, i - 3):i])) and followup.thing_kind(k) is None
           and not fs <= followup.SYMPTOM_KEYS and not fs & names.drugs for k, fs, i in found):
        return frozenset()
    for k, fs, i in sorted(found, key=lambda x: x[2]):
        if i <= 0 or followup.thing_kind(k) is not None or fs <= followup.SYMPTOM_KEYS or fs & names.drugs or \
                qtype_of(k) != "information":  # not a word of what is asked ("is it genetic")
            continue
        at = i - 1 if ws[i - 1] in _ARTICLES else i  # "is it a migraine or a stroke?"
        if _CAUSED.match(" ".join(ws[i + len(k.split()):i + len(k.split()) + 3])):
            continue
        if _GUESS.search(" ".join(ws[max(0, i - 4):i])) or (at > 0 and ws[at - 1] == "or" and end == at - 1):
            out |= fs
            end = i + len(k.split())
    return frozenset(out)


# what a condition's pages answer rather than its medicine's (when he can go back to school, who gets it, whether
# it is inherited), unless the asking sentence names the medicine or asks how long it is taken or takes to work
_OF_A_CONDITION = frozenset({"outlook", "inheritance", "genetic changes", "susceptibility", "frequency"})
_OF_A_MEDICINE = frozenset({"dose", "side effects", "precautions"})
# whether a medicine suits a condition: "is omeprazole ok for heartburn"
_SUITS = frozenset({"ok", "okay", "safe", "good", "fine", "alright", "right", "best", "better", "suitable", "work",
                    "works", "used"})
# a medicine someone takes already, named after the one asked about ("... with my lisinopril", "alongside his warfarin")
_WITH_TAKEN = re.compile(r"\b(?:with (?:my|his|her|their|your)|alongside(?: (?:my|his|her|their|your))?|while "
                         r"(?:on|taking)(?: (?:my|his|her|their|your))?|on top of(?: (?:my|his|her|their|your))?)$")
_OF_THE_MEDICINE = re.compile(r"\b(?:on (?:it|them)|take (?:it|them)|taking (?:it|them)|stay on|stays? in "
                              r"(?:his|her|my|your|the|their) (?:system|body)|(?:start|starts|starting) (?:to )?"
                              r"work\w*|kicks? in|to work)\b")


# taking something else with the conversation's medicine ("while he's on it", "with it", "on top of it"), asked
# whether it is safe
_WITH_IT = re.compile(r"(?=.*\b(?:safe|ok|okay|alright|fine|interact\w*|mix\w*|take|drink|give|have|eat)\b)"
                      r".*(?:\bwhile (?:i'?m|i am|he'?s|he is|she'?s|she is|they'?re|they are|you'?re|you are|we'?re|"
                      r"on|taking|using) (?:on |taking |using )?(?:it|this|that|them|these)\b|"
                      r"\b(?:with|alongside) (?:it|this|that|them)\W*$|\bon top of (?:it|this|that)\b)", re.I)


def asks_of_topic(bare: str, qtype: str) -> bool:
    """Whether the rules read a message that names no topic (`bare`: as `understand` reads it, `qtype`: the rules'
    type) as a question about the conversation's: a word of health in it, or a type or a use asked of something it
    points back at ("will he need grommets putting in?", "will he outgrow it?")."""
    return followup.asks_about_health(bare) or (qtype != "information" or followup.asks_about_use(bare)) \
        and followup.refers_back(bare)


def _asked(main: str, bare: str, skip: frozenset[str] = frozenset()) -> str:
    """The question type of the main question, else of the whole message (not one of `skip`)."""
    qtype = qtype_of(main, skip)
    return qtype_of(bare, skip) if qtype == "information" and main != bare else qtype


def learned_qtype(bare: str, rules: str = "information", typed: bool = False,
                  skip: frozenset[str] = frozenset(), whole: bool = True) -> str:
    """The learned model's decision (bot/answering/aspects.py `decide`) on the rules' type: "can her brother catch
    it" -> how it spreads; the rules' type where there is no model."""
    model = aspects.shipped()
    return model.decide(rules, typed, bare, skip, whole) if model is not None else rules


def rules_qtype(text: str) -> str:
    """The question type the rules alone read in a message (what `python -m trainer.aspects` fills the gaps of)."""
    return rules_reading(text)[0]


def rules_reading(text: str) -> tuple[str, bool, bool]:
    """(the rules' question type, whether they said one rather than found none, whether the message is its main
    question): what `understand` hands the learned model (`learned_qtype`), and `python -m trainer.aspects`
    tunes it on."""
    bare = plain(clean(text))
    main = main_question(bare)
    qtype = _asked(main, bare)
    return qtype, qtype != "information", main == bare


def plain(text: str) -> str:
    """A message with a medicine's strength dropped and chat spellings written out, as `understand` reads it."""
    return _slang(_STRENGTH.sub(" ", text))


def _word_at(ws: list[str], part: list[str]) -> int:
    """Where the words `part` begin in `ws` (its first three words), else len(ws)."""
    head = part[:3]
    return next((i for i in range(len(ws) - len(head) + 1) if head and ws[i:i + len(head)] == head), len(ws))


def _condition_last(names: FocusNames | None, found: list[tuple[str, set[str], int]], at: int,
                    previous_focus: str, ws: list[str], main: str) -> bool:
    """Whether the last name found before word `at` is a condition other than `previous_focus` (not a medicine, a
    treatment, a test, a symptom or a measure): what a question after it that says "it" points at."""
    before = [(i, k, fs) for k, fs, i in found if 0 <= i < at]
    if names is None or not before:
        return False
    i, k, fs = max(before, key=lambda x: x[0])
    at = i - 1 if i > 0 and ws[i - 1] in _ARTICLES else i  # "died of a heart attack": the word before "a"
    lead = " ".join(ws[max(0, at - 3):at])
    attribute = bool(_WITH_SOMEONE.search(lead) or _TREATED_OR_DIED.search(lead) and not _AGAIN_OR_MINE.search(main))
    return (followup.thing_kind(k) is None and not fs <= followup.SYMPTOM_KEYS and not followup.measure(k)
            and not fs & names.drugs and previous_focus not in fs
            # not one ruled out ("the doctor said it isn't psoriasis", "no family history of heart disease") nor had
            # long ago ("had chickenpox as a kid"), nor what someone has beside it or died of ("my grandma with copd
            # lives with us. can she catch it from me?", "on chemo for breast cancer", "died of a heart attack")
            and not _NEGATED.search(" ".join(ws[max(0, i - 4):i])) and not attribute
            and not (i > 0 and ws[i - 1] == "had" and _LONG_AGO.match(" ".join(ws[i + len(k.split()):][:6]))))


# what a name is compared with: "is it like (the) chickenpox", "same virus as", "or just (an) allergy", "similar to",
# or ruled out as the cause ("how do you get fatty liver if not from alcohol") or asked about as one ("is that cos hes
# overweight", "is that because of his diabetes": `_CAUSE_CUE`, seven words before); not "more like eczema" (a verdict),
# "things like asthma" (such as), nor a bare "or" ("is it a migraine or a stroke?" asks about both); "sounds like panic
# attacks", "looked a lot like shingles" are verdicts (`_VERDICT`, read in the five words before the name)
_LIKE = re.compile(r"\b(?:(?<!more )(?<!things )(?<!stuff )(?<!conditions )like|same (?:\w+ )?as|similar to|"
                   r"different (?:from|to)|or just|or only|not (?:from|because of|due to|caused by))(?: the| a| an)?$")
_VERDICT = re.compile(r"\b(?:sounds?|sounded|sounding|looks?|looked|looking|feels?|felt|seems?|seemed)\b")


def _compared(names: FocusNames, found: list[tuple[str, set[str], int]], ws: list[str]) -> tuple[frozenset[str],
                                                                                                 frozenset[str]]:
    """(the conditions a message names only to compare another with, that other's): "is it like the chickenpox"
    after "my maw's got shingles", "pink eye or just allergy"; none where every condition is compared."""
    condition = [(fs, i) for k, fs, i in found if followup.thing_kind(k) is None and not fs & names.drugs
                 and not fs <= followup.SYMPTOM_KEYS and not followup.measure(k) and k not in followup.WHO]
    like = frozenset(f for fs, i in condition if i > 0 and (_LIKE.search(" ".join(ws[max(0, i - 3):i])) and not
                                                             _VERDICT.search(" ".join(ws[max(0, i - 5):i]))
                                                             or _CAUSE_CUE.search(" ".join(ws[max(0, i - 7):i])))
                     for f in fs)
    other = frozenset(f for fs, _ in condition for f in fs) - like
    return (like, other) if like and other else (frozenset(), frozenset())


def _topics_in(names: FocusNames | None, text: str, covered: set[str]) -> bool:
    """Whether `text` names a topic (not a treatment, test or aspect)."""
    return names is not None and any(followup.thing_kind(k) is None and not set(k.split()) <= covered
                                     for k, _, _ in names.find(text))
