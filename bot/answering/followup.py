"""When a message continues the conversation's topic, and when it is not a health question at all.

- A message that names a condition of its own starts a new topic ("ok thanks. also, what causes
  shingles?").
- A message that names only a treatment, a test or a class of medicine ("would antibiotics help?",
  "will she need surgery?", "do I need a blood test for that?") keeps the conversation's condition
  as its focus and takes the named thing as what is asked (treatment, or tests).
- A message that names nothing follows up when it asks something about health ("is it
  contagious?", "does it run in families?", "will that go away?"); one that does not ("thanks! will it
  rain tomorrow?", "who made you?") is off-topic: it gets the polite off-topic reply, never a page.

The lay names and abbreviations people use for conditions ("afib", "RA", "pink eye") extend the
reference's own names and synonyms (bot/answering/understand.py's FocusNames)."""

from __future__ import annotations

import re

# English lay names and abbreviations -> a name the reference knows (its focus or a synonym).
LAY_NAMES = {
    "afib": "atrial fibrillation", "a fib": "atrial fibrillation", "ra": "rheumatoid arthritis",
    "ms": "multiple sclerosis", "uti": "urinary tract infection", "utis": "urinary tract infection",
    "ibs": "irritable bowel syndrome", "ocd": "obsessive-compulsive disorder", "ptsd": "post-traumatic stress disorder",
    "gerd": "gastroesophageal reflux disease", "acid reflux": "gastroesophageal reflux disease",
    "heartburn": "heartburn", "high bp": "high blood pressure", "bp": "high blood pressure",
    "hbp": "high blood pressure", "pink eye": "conjunctivitis", "strep": "strep throat",
    "mono": "infectious mononucleosis", "piles": "hemorrhoids", 
    "blood thinner": "blood thinners", "blood thinners": "blood thinners", "mini stroke": "transient ischemic attack",
    "tia": "transient ischemic attack", "ckd": "chronic kidney disease", "chf": "heart failure",
    "cad": "coronary artery disease", "bph": "enlarged prostate", "pcos": "polycystic ovary syndrome",
    "hashimotos": "hashimoto's disease", "hashimoto": "hashimoto's disease",
    "lou gehrig": "amyotrophic lateral sclerosis",
    "als": "amyotrophic lateral sclerosis", "sugar diabetes": "diabetes", "t2d": "type 2 diabetes",
    "t1d": "type 1 diabetes", "the flu": "flu", "flu shot": "flu shot", "std": "sexually transmitted diseases",
    "stds": "sexually transmitted diseases", "sti": "sexually transmitted diseases", "hpv": "hpv",
    "bed wetting": "bedwetting", "pneumonia": "pneumonia", "stomach flu": "gastroenteritis",
    "stomach bug": "gastroenteritis", "mrsa": "mrsa", "rsv": "respiratory syncytial virus infections",
    "hand foot and mouth": "hand-foot-mouth disease", "hfmd": "hand-foot-mouth disease",
    "colic": "colic and crying - self-care", "lepto": "leptospirosis", "lyme": "lyme disease",
    "typhoid": "typhoid fever", "went over on my ankle": "sprains and strains",
    "went over on his ankle": "sprains and strains", "went over on her ankle": "sprains and strains",
    "heat rash": "babies and heat rashes",
    "prickly heat": "babies and heat rashes", "sickle cell": "sickle cell disease",
    "sickle cell trait": "sickle cell disease",
    "dvt": "deep vein thrombosis", "copd": "copd", "adhd": "attention deficit hyperactivity disorder",
    "add": "attention deficit hyperactivity disorder",
    "hep b": "hepatitis b", "hep c": "hepatitis c", "hep a": "hepatitis a", "vertigo": "benign positional vertigo",
    "psa": "prostate-specific antigen (PSA) blood test", "psa test": "prostate-specific antigen (PSA) blood test",
    "thrush": "thrush - children and adults", "oral thrush": "thrush - children and adults",
    "vit d": "vitamin d", "vit b12": "vitamin b12", "hiatus hernia": "hiatal hernia",
    "threw my back out": "back pain", "threw his back out": "back pain", "pulled back muscle": "back pain",
    "back strain": "back pain", "lower back pain": "back pain", "leg cramps": "muscle cramps",
    "leg cramp": "muscle cramps", "water infection": "urinary tract infection",
    "water infections": "urinary tract infection", "anemic": "anemia", "anaemic": "anemia", "anaemia": "anemia",
    "high cholesterol": "high blood cholesterol", "prostate trouble": "prostate diseases",
    "prostate problems": "prostate diseases", "period cramps": "painful menstrual periods",
    "period pain": "painful menstrual periods", "painful periods": "painful menstrual periods",
    "rolled my ankle": "sprains and strains", "twisted my ankle": "sprains and strains",
    "sprained ankle": "sprains and strains", "ankle sprain": "sprains and strains", "earwax": "ear wax",
    "toenail fungus": "fungal nail infection", "nail fungus": "fungal nail infection",
    "poison ivy": "poison ivy, oak and sumac", "poison oak": "poison ivy, oak and sumac",
    "blood pressure is high": "high blood pressure", "blood pressure is too high": "high blood pressure",
    "blood pressure is low": "low blood pressure", "blood pressure is too low": "low blood pressure",
    "bp is high": "high blood pressure", "bp is low": "low blood pressure", "low bp": "low blood pressure",
    "cholesterol high": "high blood cholesterol", "cholesterol is high": "high blood cholesterol",
    "cholesterol was high": "high blood cholesterol", "cholesterol came back high": "high blood cholesterol",
    "cholesterol is too high": "high blood cholesterol", "cholesterol levels are high": "high blood cholesterol",
    "high ldl": "high blood cholesterol", "ldl is high": "high blood cholesterol",
    "brittle bones": "osteoporosis", "thin bones": "osteoporosis", "hbsag": "hepatitis b",
    "bcc": "basal cell carcinoma", "brucella": "brucellosis", "zits": "acne", "goiter": "goiter - simple",
    "goitre": "goiter - simple", "acl tear": "anterior cruciate ligament (ACL) injury",
    "torn acl ligament": "anterior cruciate ligament (ACL) injury",
    "pacemaker": "pacemakers and implantable defibrillators",
    "high bp in pregnancy": "high blood pressure in pregnancy", "alendronic acid": "alendronate",
    # a Malay name said in an English message ("after the flood my neighbour got kencing tikus")
    "kencing tikus": "leptospirosis",
    "hair falling out": "hair loss", "hair is falling out": "hair loss", "losing my hair": "hair loss",
    "losing her hair": "hair loss", "losing his hair": "hair loss", "balding": "hair loss",
    "heat stroke": "heat illness", "heatstroke": "heat illness", "sunstroke": "heat illness",
    "heat exhaustion": "heat illness", "dropped womb": "uterine prolapse", "womb has dropped": "uterine prolapse",
    "prolapsed womb": "uterine prolapse", "prolapsed uterus": "uterine prolapse", "womb prolapse": "uterine prolapse",
    "bunged up with wax": "ear wax", "blocked with wax": "ear wax", "wax build up": "ear wax",
    "wax buildup": "ear wax", "pins and needles": "numbness and tingling", "tummy bug": "gastroenteritis",
    "stomach virus": "gastroenteritis", "fever blister": "cold sores",
    "fever blisters": "cold sores", "chicken pox": "chickenpox", "sugar is high": "high blood sugar",
    "sugars are high": "high blood sugar", "sugar levels are high": "high blood sugar",
    "sugar is low": "low blood sugar", "sugar dropped": "low blood sugar", "underactive thyroid": "hypothyroidism",
    "low thyroid": "hypothyroidism",
    "slow thyroid": "hypothyroidism", "overactive thyroid": "hyperthyroidism", "bladder infection":
    "urinary tract infection", "bladder infections": "urinary tract infection", "cross eyed": "strabismus",
    "crossed eyes": "strabismus", "wandering eye": "strabismus", "ringing in my ears": "tinnitus",
    "ringing in his ears": "tinnitus", "ringing in her ears": "tinnitus", "ringing in the ears": "tinnitus",
    "ringing in my ear": "tinnitus", "ears ringing": "tinnitus", "ears are ringing": "tinnitus",
    "ears have been ringing": "tinnitus", "ears are still ringing": "tinnitus", "ears still ringing": "tinnitus",
    "ears keep ringing": "tinnitus", "ringing ears": "tinnitus", "lactose intolerant": "lactose intolerance",
    "hepa b": "hepatitis b", "hepa a": "hepatitis a", "hepa c": "hepatitis c",
    "acl": "anterior cruciate ligament (ACL) injury", "torn acl": "anterior cruciate ligament (ACL) injury",
    "iron deficiency": "iron deficiency anemia",
    "heart racing": "heart palpitations", "racing heart": "heart palpitations", "heart flutters":
    "heart palpitations", "heart fluttering": "heart palpitations", "skipped beats": "heart palpitations",
    "pulled muscle": "sprains and strains", "pulled a muscle": "sprains and strains", "strained muscle":
    "sprains and strains", "slipped disc": "herniated disk", "slipped disk": "herniated disk",
    "bulging disc": "herniated disk", "herniated disc": "herniated disk", "ruptured disc": "herniated disk",
    "blocked nose": "stuffy or runny nose - adult", "stuffy nose": "stuffy or runny nose - adult",
    "swollen glands": "swollen lymph nodes", "glue ear": "otitis media with effusion", "threadworm": "pinworms",
    "threadworms": "pinworms", "nits": "head lice", "verruca": "warts", "verrucas": "warts",
    "vaginal thrush": "vaginal yeast infection", "yeast infection": "vaginal yeast infection",
    "the clap": "gonorrhea", "womb cancer": "uterine cancer", "bowel cancer": "colorectal cancer",
    "water retention": "edema", "fluid retention": "edema", "baby blues": "postpartum depression",
    "postnatal depression": "postpartum depression", "post natal depression": "postpartum depression",
    "post partum depression": "postpartum depression", "change of life": "menopause", "nappy rash": "diaper rash",
    "german measles": "rubella", "slapped cheek": "fifth disease", "glandular fever": "infectious mononucleosis",
    "dog bite": "animal bites", "bitten by a dog": "animal bites", "cat bite": "animal bites",
    "bee sting": "insect bites and stings", "wasp sting": "insect bites and stings",
    "bug bites": "insect bites and stings", "mosquito bites": "insect bites and stings",
    "long sighted": "farsightedness", "short sighted": "nearsightedness", "colour blind": "color blindness",
    "color blind": "color blindness", "pre eclampsia": "preeclampsia", "travel sickness": "motion sickness",
    "car sick": "motion sickness", "carsick": "motion sickness", "seasick": "motion sickness",
    "sea sick": "motion sickness", "nose bleed": "nosebleeds", "nose bleeds": "nosebleeds",
    "ingrowing toenail": "ingrown toenail", "febrile fit": "febrile seizures", "febrile convulsion": "febrile seizures",
    "febrile convulsions": "febrile seizures", "forgetting things": "memory loss", "memory problems": "memory loss",
    "memory is going": "memory loss", "snore": "snoring", "snores": "snoring",
    "stops breathing at night": "sleep apnea", "stop breathing in the night": "sleep apnea",
    "stops breathing in his sleep": "sleep apnea", "stops breathing in her sleep": "sleep apnea",
    "pauses in breathing": "sleep apnea", "hearing is going": "hearing loss", "losing my hearing": "hearing loss",
    "losing his hearing": "hearing loss", "losing her hearing": "hearing loss", "going deaf": "hearing loss",
    "hard of hearing": "hearing loss", "pneumonia vaccine": "pneumococcal polysaccharide vaccine",
    "pneumonia shot": "pneumococcal polysaccharide vaccine", "pneumonia jab": "pneumococcal polysaccharide vaccine",
    # conditions' everyday names listed by an independent writer (data/lay_names/L1.jsonl; ninth and tenth rounds of
    # issue 29) that name one condition the reference did not name so yet. Left out (data/lay_names/README.md): words
    # common in other senses ("pressure", "fits", "sinus", "the sugar", "gastro", "time of the month"), a phrase that
    # starts longer names ("high blood calcium", "high blood count"), names another topic has ("PND": breathing
    # difficulty lying down), one-word names the spelling correction would pull everyday words onto ("stooling" <-
    # "strolling", "candida" <- "candid", "sickler" <- "sicker"), tests, treatments and medicine classes (a follow-up's
    # "thing"). In LAY_NAMES, never BRANDS: the Indonesian reader counts every brand's medicine as a treatment name.
    "highblood": "hypertension", "sugar patient": "diabetes",
    "borderline diabetes": "prediabetes", "madras eye": "conjunctivitis", "eye flu": "conjunctivitis",
    "nearsighted": "myopia", "farsighted": "hyperopia", "pyorrhea": "periodontitis", "gum boil": "dental abscess",
    "tmj": "temporomandibular joint disorder", "the squits": "diarrhea", "the scutters": "diarrhea",
    "loose motions": "diarrhea", "running stomach": "diarrhea", "running belly": "diarrhea",
    "toe fungus": "onychomycosis", "school sores": "impetigo", "leucoderma": "vitiligo", "chik v": "chikungunya",
    "brain fever": "encephalitis", "fresh cold": "common cold", "wee infection": "urinary tract infection",
    "burning urine": "dysuria", "smoker's cough": "chronic bronchitis", "paralysis attack": "stroke",
    "low iron": "iron deficiency anemia", "passing out": "syncope", "bloody nose": "epistaxis",
    "slip disc": "herniated disk", "wear and tear arthritis": "osteoarthritis", "rolled ankle": "ankle sprain",
    "dowager's hump": "kyphosis", "mnd": "amyotrophic lateral sclerosis", "anxiety attack": "panic attack",
    "shell shock": "post-traumatic stress disorder", "winter blues": "seasonal affective disorder",
    "stammer": "stuttering", "pcod": "polycystic ovary syndrome", "weak erection": "erectile dysfunction",
    "weak bladder": "urinary incontinence", "leaky bladder": "urinary incontinence",
    "cot death": "sudden infant death syndrome",
    # ... and by the twentieth round's development writers (data/conversations/cE14.jsonl, cF14.jsonl and older):
    # the test a disease is known by names the disease ("tes mantoux" for a job), the thyroid said to be underactive
    "mantoux": "tuberculosis", "thyroid is underactive": "hypothyroidism",
    "thyroid is overactive": "hyperthyroidism", "thyroid is low": "hypothyroidism",
    "pulled my hamstring": "hamstring strain - aftercare", "pulled his hamstring": "hamstring strain - aftercare",
    "pulled her hamstring": "hamstring strain - aftercare", "pulled hamstring": "hamstring strain - aftercare",
    "hamstring strain": "hamstring strain - aftercare", "ears been ringing": "tinnitus",
    "ringing sound in my ear": "tinnitus", "ringing sound in my ears": "tinnitus", "ringing in my left ear": "tinnitus",
    "ringing in my right ear": "tinnitus", "ringing sound in my left ear": "tinnitus",
    "ringing sound in my right ear": "tinnitus",
}
# Brand and other-country names of common medicines -> the generic name of their MedlinePlus page
BRANDS = {
    "tylenol": "acetaminophen", "panadol": "acetaminophen", "paracetamol": "acetaminophen", "calpol": "acetaminophen",
    "advil": "ibuprofen", "motrin": "ibuprofen", "nurofen": "ibuprofen", "aleve": "naproxen",
    "eliquis": "apixaban", "xarelto": "rivaroxaban", "coumadin": "warfarin", "jantoven": "warfarin",
    "lipitor": "atorvastatin", "zocor": "simvastatin", "crestor": "rosuvastatin", "glucophage": "metformin",
    "synthroid": "levothyroxine", "levoxyl": "levothyroxine", "euthyrox": "levothyroxine",
    "prilosec": "omeprazole", "nexium": "esomeprazole", "protonix": "pantoprazole", "zoloft": "sertraline",
    "prozac": "fluoxetine", "lexapro": "escitalopram", "ritalin": "methylphenidate", "concerta": "methylphenidate",
    "adderall": "amphetamine", "norvasc": "amlodipine", "zestril": "lisinopril", "prinivil": "lisinopril",
    "cozaar": "losartan", "lasix": "furosemide", "plavix": "clopidogrel", "neurontin": "gabapentin",
    "ventolin": "albuterol", "proair": "albuterol", "salbutamol": "albuterol", "singulair": "montelukast",
    "zyrtec": "cetirizine", "claritin": "loratadine", "benadryl": "diphenhydramine", "ultram": "tramadol",
    "xanax": "alprazolam", "ambien": "zolpidem", "accutane": "isotretinoin", "roaccutane": "isotretinoin",
    "lopressor": "metoprolol",
    "toprol": "metoprolol", "deltasone": "prednisone",
    # US brands
    "keflex": "cephalexin", "zofran": "ondansetron", "fosamax": "alendronate", "flagyl": "metronidazole",
    "cipro": "ciprofloxacin", "zithromax": "azithromycin", "z pack": "azithromycin", "zpack": "azithromycin",
    "augmentin": "amoxicillin and clavulanic acid", "amoxil": "amoxicillin", "bactrim": "trimethoprim",
    "macrobid": "nitrofurantoin", "valtrex": "valacyclovir", "zovirax": "acyclovir", "diflucan": "fluconazole",
    "lamisil": "terbinafine", "tamiflu": "oseltamivir", "plaquenil": "hydroxychloroquine", "humira": "adalimumab",
    "januvia": "sitagliptin", "jardiance": "empagliflozin", "farxiga": "dapagliflozin", "wellbutrin": "bupropion",
    "cymbalta": "duloxetine", "effexor": "venlafaxine", "paxil": "paroxetine", "celexa": "citalopram",
    "abilify": "aripiprazole", "seroquel": "quetiapine", "lyrica": "pregabalin", "flexeril": "cyclobenzaprine",
    "mobic": "meloxicam", "celebrex": "celecoxib", "voltaren": "diclofenac", "cataflam": "diclofenac",
    "percocet": "oxycodone", "oxycontin": "oxycodone", "imitrex": "sumatriptan", "topamax": "topiramate",
    "keppra": "levetiracetam", "depakote": "valproic acid", "tegretol": "carbamazepine", "lamictal": "lamotrigine",
    "dilantin": "phenytoin", "aricept": "donepezil", "zyloprim": "allopurinol", "colcrys": "colchicine",
    "diovan": "valsartan", "benicar": "olmesartan", "coreg": "carvedilol", "tenormin": "atenolol",
    "aldactone": "spironolactone", "hctz": "hydrochlorothiazide", "flomax": "tamsulosin", "proscar": "finasteride",
    "viagra": "sildenafil", "cialis": "tadalafil", "clomid": "clomiphene", "provera": "medroxyprogesterone",
    "depo provera": "medroxyprogesterone", "zantac": "ranitidine", "pepcid": "famotidine", "prevacid": "lansoprazole",
    "imodium": "loperamide", "dulcolax": "bisacodyl", "miralax": "polyethylene glycol 3350",
    "pepto": "bismuth subsalicylate", "pepto bismol": "bismuth subsalicylate", "mucinex": "guaifenesin",
    "robitussin": "guaifenesin", "flonase": "fluticasone nasal spray", "nasonex": "mometasone nasal spray",
    "xyzal": "levocetirizine", "sudafed": "pseudoephedrine", "allegra": "fexofenadine", "valium": "diazepam",
    "ativan": "lorazepam",
    "klonopin": "clonazepam", "restoril": "temazepam",
    "vistaril": "hydroxyzine", "atarax": "hydroxyzine", "medrol": "methylprednisolone", "lovenox": "enoxaparin",
    "pradaxa": "dabigatran", "brilinta": "ticagrelor", "entresto": "sacubitril and valsartan",
    "lantus": "insulin glargine", "humalog": "insulin lispro", "novolog": "insulin aspart",
    "ozempic": "semaglutide", "wegovy": "semaglutide", "trulicity": "dulaglutide", "victoza": "liraglutide",
    "sinemet": "levodopa and carbidopa", "epipen": "epinephrine injection", "benzac": "benzoyl peroxide topical",
    "retin a": "tretinoin topical", "rogaine": "minoxidil topical", "daktarin": "miconazole",
    "canesten": "clotrimazole", "monistat": "miconazole",
    # names used outside the US (UK, Australia, India, South-East Asia)
    "co codamol": "acetaminophen and codeine", "frusemide": "furosemide",
    "glibenclamide": "glyburide", "rifampicin": "rifampin",
    "aciclovir": "acyclovir", "cefalexin": "cephalexin", "amoxycillin": "amoxicillin", "thyroxine": "levothyroxine",
    "eltroxin": "levothyroxine", "lemsip": "acetaminophen", "piriton": "chlorpheniramine", "biogesic": "acetaminophen",
    "beclometasone": "beclomethasone", "ciclosporin": "cyclosporine", "sodium valproate": "valproic acid",
    "co amoxiclav": "amoxicillin and clavulanic acid", "gaviscon": "taking antacids", "rennie": "calcium carbonate",
    "mylanta": "taking antacids", "maalox": "taking antacids", "lansoprazol": "lansoprazole",
    "omeprazol": "omeprazole",
}
LAY_NAMES.update(BRANDS)

# Things done or taken for a condition, and tests: named in a follow-up, they say what is asked, and the
# conversation's condition stays the focus. Keys as bot/understand.name_key writes them (singular).
def _list(block: str) -> frozenset[str]:
    return frozenset(p.strip() for p in block.replace("\n", ",").split(",") if p.strip())


TREATMENTS = _list("""
antibiotic, steroid, corticosteroid, cortisone, prednisone, inhaler, nebulizer, blood thinner, anticoagulant,
surgery, operation, laser, laser surgery, laser treatment, chemotherapy, chemo, radiation, radiation therapy,
radiotherapy, physical therapy, physiotherapy, rehabilitation, rehab, pulmonary rehabilitation, pulmonary rehab,
oxygen, oxygen therapy, dialysis, transplant, kidney transplant, insulin, vaccine, vaccination, shot, flu shot,
injection, biologic, biologic injection, cream, steroid cream, ointment, eye drop, drop, pill, tablet, medication,
medicine, drug, supplement, therapy, antiviral, antihistamine, painkiller, pain reliever, pain medicine, nsaid,
antidepressant, statin, beta blocker, diuretic, water pill, immunotherapy, hormone therapy, acupuncture, botox,
botulinum toxin, methotrexate, cpap, brace, stent, pacemaker, aspirin, phototherapy, light therapy, blue light,
bili light, antifungal, antifungal cream, ppi, proton pump inhibitor, triptan, antacid, iron tablet, iron pill,
iron supplement, laxative, decongestant, cough syrup, cough medicine, painkiller, ors
""")
TESTS = _list("""
test, blood test, blood work, bloodwork, lab test, lab, screening, scan, ct, ct scan, mri, x ray, xray, ultrasound,
biopsy, psa, psa test, colonoscopy, endoscopy, ecg, ekg, eeg, mammogram, pap smear, urine test, culture, brain scan,
sleep study, polysomnography, echocardiogram, stress test, a1c, hba1c, blood sugar test, allergy test, skin test,
pap test, hearing test, eye exam, swab, strep test, urine culture, spirometry, bone density test, bone scan, checkup
""")
TREATMENT_KEYS = TREATMENTS | {p + "s" for p in TREATMENTS}
TEST_KEYS = TESTS | {p + "s" for p in TESTS}
# Names of what is asked, not of a topic ("side effects" is also a synonym of the page on drug reactions)
ASPECT_KEYS = _list("side effect, adverse effect, adverse reaction, symptom, complication, treatment, prognosis, "
                    "outlook, cause, sign, risk factor, diagnosis, prevention, cure, remedy")
_THING = re.compile(r"\b(?:" + "|".join(sorted((re.escape(p) for p in TREATMENTS | TESTS), key=len, reverse=True))
                    + r")(?:s|es)?\b")

# Pages on a symptom: beside a condition named in the same message ("his eczema cracks until it's bleeding"),
# the condition is what is asked about. Keys as name_key writes them.
SYMPTOM_KEYS = frozenset({"bleeding", "fever", "edema", "swelling", "nausea and vomiting", "cough", "pain", "fatigue",
                          "dizziness", "itching", "stuffy or runny nose adult", "stuffy or runny nose children",
                          "weakness", "numbness and tingling", "headache", "burn", "eye redness", "rashe"})


# A pronoun or a "that" pointing back at what was said before.
ANAPHOR = re.compile(r"\b(?:it|its|it's|that|this|these|those|they|them|he|she|him|her|his|hers|same|the condition|"
                     r"the disease|the illness|the infection|the medicine|the medication)\b")
# Words that make a message about health when it names no topic of the reference.
HEALTH = re.compile(
    r"\b(?:symptoms?|signs?|caus\w*|treat\w*|therap\w*|cur(?:e|ed|able)|heal\w*|medic\w*|drugs?|pills?|doses?|"
    r"dosage|side[- ]?effects?|doctors?|dr|hospital|clinic|nurse|disease|condition|illness|sick|infect\w*|"
    r"contagious|catching|spread\w*|transmit\w*|inherit\w*|hereditary|genetic|runs? in (?:the )?famil\w*|"
    r"tests?|tested|scan|diagnos\w*|surgery|operation|pain\w*|hurts?|ache\w*|fever|swell\w*|rash|bleed\w*|"
    r"prevent\w*|vaccin\w*|risk\w*|complications?|prognosis|outlook|go away|get worse|get better|recover\w*|"
    r"pregnan\w*|breast ?feed\w*|allerg\w*|chronic|flare\w*|relapse|come back|permanent|serious|dangerous|"
    r"safe|normal|worry|worried|worse|periods?|catch\w*|real thing|get \w+(?: \w+)? from|eat|diet|food|exercise|"
    r"live with|life expectancy|how long|blind|sight|vision|jabs?|jags?|outgrow\w*|"
    r"alcohol|go on for|hearing|deaf\w*|"
    # what is done at home against it ("do i have to wash all the bedding", "does the shampoo kill the eggs too")
    r"(?:wash|boil)\w* (?:\w+ ){0,3}(?:bedding|beddings|sheets|towels?|clothes|stuffed animals?|stuffies|soft toys|"
    r"toys|combs|hairbrush(?:es)?|brushes)|kill (?:the |all the )?(?:eggs|bugs|lice|nits|germs|virus|bacteria)|"
    r"memory|forget\w*|snor\w*|breath\w*|what (?:actually )?happens if|"
    r"sleep|weight|blood|skin|heart|lungs?|kidneys?|liver|"
    r"stomach|brain|bones?|joints?|eyes?|ears?|teeth|throat|school|daycare|work|ankles?|knees?|wrists?|back|neck|"
    r"chest|breasts?|lumps?|swollen|bruis\w*|tight|cough\w*|vomit\w*|dizz\w*|tired|itch\w*|weak\w*|"
    # not Indonesian "sore" (afternoon: "sore ini", "besok sore")
    r"sore(?! (?:ini|iki|ni|hari|nanti|tadi|gini))(?<!tadi sore)(?<!nanti sore)(?<!besok sore))\b"
    r"|\b(?:obat|gejala|penyebab|sakit|sembuh|menular|nular|ketular\w*|dokter|bahaya|kambuh|periksa|operasi|keturunan|"
    r"aman|boleh|cegah|mencegah|pantangan|minum|makan|hamil|menyusui|kejang|demam|batuk|pilek|mual|muntah|"
    r"pusing|nyeri|gatal|bengkak|luka|darah|napas|nafas|sesak|lemas|diare|mencret)\w*|\bresep(?= dokter| obat)")
# Messages that close or change the subject ("thanks, bye", "who made you?"): never a follow-up.
SMALL_TALK = re.compile(
    r"^(?:ok(?:ay)?|thanks?|thank you|thx|ty|cool|great|got it|bye|goodbye|good night|makasih|terima ?kasih|"
    r"sip|oke|wkwk\w*|haha\w*)\W*$|\b(?:bye|goodbye|bye bye)\b|\b(?:bye|goodbye|good night|see (?:you|ya)|"
    r"gotta (?:go|run)|talk (?:to you )?later|"
    r"ttyl|dadah|sampai jumpa)\W*$|\bwho (?:made|built|created) you\b|"
    r"\bwhat time is it(?: now| there)?\W*$|\bwhat(?:'?s| is) the time\W*$|"
    r"\bweather\b|\brain(?:ing)? (?:tomorrow|today|tonight)\b|\brecipe\b|\bjokes?\b|\bdinner ideas?\b|"
    r"\bpassword\b|\btelegram\b|\bdiscord\b|\bwifi\b|\bmovies?\b|\bfootball\b|\bsoccer\b|"
    r"\btelly\b|\btv\b|\btelevision\b|\bno signal\b|\bprinter\b|\blaptop\b|\bscore\b|"
    r"\bwill it rain\b|\brain in\b|\bforecast\b|\bcuaca\w*|\bh?ujan\b|\budan\b|\bresep (?!dokter|obat|dari)|"
    r"\blelucon\b|\bsepak ?bola\b|\bpantun\b|\bwhatsapp\b|\bkamu (?:bot|siapa|robot)\b|\bbot (?:ini|ni|siapa)\b|"
    r"\b(?:yang|yg) (?:bikin|buat|membuat) (?:kamu|bot)\b|\bbikin(?:in)? (?:kamu|bot|pantun)\b|\bsiapa (?:yang |yg )?"
    r"(?:bikin|buat)\b|\bmenang\b|\bsnorkel\w*|\bthis phone\b|\bmy phone\b|\bletters bigger\b|"
    r"\bsiapa (?:yang )?(?:membuat|bikin)\b",
)


_BYE = re.compile(r"\b(?:bye|goodbye|bye bye|dadah|sampai jumpa)\b")

# "different question", "also", "unrelated": what follows is a new topic, whatever it points back to
SWITCH = re.compile(r"\b(?:unrelated|diff(?:erent)? (?:subject|question|q|thing|topic|matter|pt|patient|resident|"
                    r"client)|(?:another|new|next|other) (?:pt|patient|resident|client)|another (?:question|"
                    r"thing|q)|"
                    # (not "is that enough or there is something else", "something else i can do?", "could it be
                    # something else?", "would something else work better")
                    r"(?<!or )(?<!is )(?<!be )(?<!it )(?<!its )(?<!it's )(?<!try )(?<!need )(?<!needs )(?<!do )"
                    r"something else(?! (?:(?:i|we|you|he|she|they) (?:can|could|should|might) |to )(?:do|try|use|"
                    r"take|give)\b| that (?:helps|works|(?:might|would|could|will) (?:help|work))\b| (?:work|works|"
                    r"help|helps|be causing|causing|going on)\b)|"
                    r"while (?:i (?:have|got|'ve got)|i'?ve got) (?:you|ya|u)|beda topik|"
                    r"ganti pertanyaan|"
                    r"one more thing|separate question|new question|other question|change of subject|btw|"
                    r"random (?:q|qn|question)|"
                    r"(?:on|in) (?:a |an )?(?:different|another|other|separate|unrelated) note|"
                    r"(?:totally|completely|entirely|something|sth) (?:different|unrelated) (?:question|q|topic|thing|"
                    r"subject|issue|one|but|though|tho)|something (?:totally |completely )?different|"
                    r"chang(?:e|ing) (?:the |of )?(?:subject|topic)|"
                    r"by the way|satu lagi|pertanyaan lain|ganti topik|oh ya)\b"
                    # "also" opening a sentence ("ok thanks. also, what causes shingles?"), not "she also needs"
                    r"|(?:^|[.!?]\s*|\b(?:ok|okay|thanks|thx|thank you|got it|k)\W+)(?:also|one more)\b"
                    # ... and "another one" after thanks ("thank you. another one, my sister ..."), not "another one
                    # popped up today"
                    r"|\b(?:thanks|thx|thank you|cheers|noted|appreciate it)\W+another one\b")


# Words of thanks and of "got it" in English and Indonesian chat ("ok thanks a lot", "sip makasih ya kak", "noted
# dok, matur nuwun"): a message of nothing else, with at least one of `_THANKS_WORDS`, is no question (`thanks`).
# "help dok", "ok help", "info dong kak" and "the answer again" ask for something.
_THANKS_WORDS = frozenset(re.findall(r"[a-z]+", """thanks thank thankyou thanx thnx thx ty tq tqvm tks tysm makasih
    makasi maksih mksh mks terima trims trimakasih nuwun suwun nuhun cheers appreciate appreciated noted understood got
    alright alrighty cool great nice perfect awesome paham ngerti mengerti mantap mantul suksma tampi tarimo trimo"""))
_ACK_WORDS = _THANKS_WORDS | frozenset(re.findall(r"[a-z]+", """ok okay okey oke okee okeh k kk sip sipp siap siip
    baik baiklah it i see oh ooh ah ahh aha oalah gitu begitu good you u so much very lot lots a bunch heaps for the
    your this help info infonya information answer answers kasih matur hatur banyak ya yah yaa yep yes yup kak kakak
    dok doc dokter bang mas mbak mba min admin bro sis bot atas sekali sangat membantu helpful bgt banget deh dong loh
    lho nih wkwk wkwkwk haha hahaha hehe hehehe lol ta again doctor jawaban jawabannya asih pisan nah nggih inggih lah
    pian jg juga kamu pinter pintar brilliant mil million lovely man mate bud buddy dude guys that"""))
# a goodbye closing thanks ("brilliant, thanks so much. have a good evening", "ok thanks, take care")
# ... or a leave ("ok thanks man appreciate it, gotta run catch my bus. later"; only these words after it: "thanks,
# gotta go, she's vomiting again" is a follow-up)
_CLOSING = re.compile(r"(?:\W*\b(?:have a (?:good|great|nice|lovely) (?:day|evening|night|weekend|one)|take care|"
                      r"good ?night|night|nite|nighty night|bye+|goodbye|see (?:you|ya)(?: later)?|cya|all the best|"
                      r"later|laters|ttyl|"
                      r"gtg|g2g|catch (?:you|ya|u) later|(?:gotta|got to|have to|need to|must) (?:run|go|dash|"
                      r"head off)(?: (?:now|back to work|to work|to class|catch (?:my|the|a) (?:bus|train|flight|"
                      r"ride)))*|(?:(?:right|ok|okay|well|anyway) )?(?:i'?m |im )?(?:back|off) to (?:work|studying|"
                      r"study|class|school|bed|(?:try (?:and |n |to ))?sleep|the grind|(?:my|the) "
                      r"(?:spreadsheets?|research paper|paper|essay|thesis|assignment|homework|desk|books|office|"
                      r"emails|meeting|shift|revision|reports?|grind)(?: from hell)?)"
                      r"(?: (?:now|then|ig|i guess|lol|haha|huhu|na))*))+\W*$")


def thanks(text: str) -> bool:
    """A message of thanks or "got it" and nothing else but a goodbye ("ok thanks a lot", "sip makasih ya kak",
    "thanks, have a good evening"): the bot says
    you're welcome (bot/core.py), not that it only answers health questions. A number is a reading ("ok dok 40"),
    not thanks."""
    low = text.lower()
    ws = re.findall(r"[a-z]+", low[:-200] + _CLOSING.sub(" ", low[-200:]))  # (bounded: "later" said a thousand times)
    return (bool(ws) and "?" not in text and not any(c.isdigit() for c in text)
            and all(w in _ACK_WORDS for w in ws) and any(w in _THANKS_WORDS for w in ws))


def literal(text: str) -> str:
    """The message without the health words it uses figuratively (`_FIGURATIVE`: "absolute nightmare of a week") nor
    its question about the bot ("are you a real doctor or AI?": not amelogenesis imperfecta), for finding the topics
    it names."""
    if _joke(text.lower()):
        text = _JOKE_TALK.sub(" ", _JOKE.sub(" ", text))
    for rx in (_FIGURATIVE, _ABOUT_THE_BOT):
        text = rx.sub(" ", text) if rx.search(text) else text
    return text


def small_talk(text: str) -> bool:
    """Thanks, goodbyes and questions that are not about health ("will it rain tomorrow?"), with no
    health word in them ("does cold weather make it worse?" is a health question)."""
    low = text.lower().replace("’", "'")
    if _BYE.search(low) and "?" not in low or thanks(low):  # "ok thanks bye, must go back to the ward now"
        return True
    if _joke(low) or (_FIGURATIVE.search(low) and not HEALTH.search(_FIGURATIVE.sub(" ", low))
                      and not _THING.search(low)):
        return True  # "pusing bgt mikirin cicilan motor"
    if _BOT_DAY.search(low):
        return True
    if _ABOUT_THE_BOT.search(low):  # "are you a real doctor or AI?": about the bot, though "doctor" is a word of health
        rest = _ABOUT_THE_BOT.sub(" ", low)
        return len(re.findall(r"[^\W\d_]+", rest)) <= 2 and not HEALTH.search(rest) and not _THING.search(rest) \
            or small_talk(rest)
    return bool(SMALL_TALK.search(low)) and not HEALTH.search(low) and not _THING.search(low)


# Health words used figuratively in chat: small talk when nothing else in the message is about health. Indonesian
# "pusing mikirin skripsi", "pusing ngurusin kerjaan"; a bad week ("absolute nightmare of a week"; not "such a
# nightmare every night"); cooking ("best wood for smoking brisket"; not "can i smoke after eating beef?"). Jokes
# ("this grind is giving me a migraine lmao", "nearly gave me a heart attack") are left as they are: the same words
# come with real questions ("metformin is giving me a headache lol", "the deadlines are giving me high blood pressure,
# it was 150/95 this morning", "my bp almost gave me a stroke last year"; two reviews of the sixteenth round's
# narrower versions still found real complaints among what they took for jokes)
_FIGURATIVE = re.compile(
    r"\b(?:pusing|puyeng|mumet)\w* (?:\w+ ){0,2}(?:mikirin|memikirkan|ngurusin|mengurus\w*|ngadepin|menghadapi)\b|"
    r"\b(?:absolute|total|complete|proper) nightmare\b(?! (?:every|each|most|at|last|again|since))|"
    r"\bnightmare of an? (?:week|day|shift|month|year|morning|night|commute|journey|trip|drive|game|match)\b|"
    r"\bsmok(?:ed|ing|in) (?:a |the |some |my |our )?(?:brisket|ribs|pork|salmon|turkey|sausages?|beef|meat|fish|"
    r"chicken)\b|\bwood for smok", re.I)



# What traffic, work or a match is giving someone, will give or nearly gave ("this lagos traffic will give me
# hypertension oh", "these spreadsheets are giving me a migraine lol", "that match nearly gave me a heart attack");
# never a question ("can stress at work give me high blood pressure?"), what it gave or gives ("the stress at work gave
# me a panic attack on the train", "the commute gives me a headache most mornings"), what someone had ("my boss had a
# stroke"), nor a medicine's or a food's doing ("my meds are giving me a headache")
_JOKE_ILLS = (r"(?:a |an |the )?(?:heart attack|migraine|ulcer|headache|hypertension|high blood pressure|bp|stroke|"
              r"aneurysm|aneurism|panic attack|brain damage|diabetes|grey hairs?|gray hairs?)")
_JOKE = re.compile(
    # ... and what watching a side play will give ("watching arsenal bottle it again is gonna give me a heart attack":
    # a game's words among what is watched, and no word of health, `_joke`)
    r"\bwatching(?P<watched>(?: [\w'-]+){1,6}?) (?:is |are |'s )?(?:gonna|going to|about to|will|'ll)"
    r"(?: literally| actually)? "
    r"give (?:me |us )?" + _JOKE_ILLS + r"\b|"
    r"\b(?:traffic|deadlines?|spreadsheets?|boss|job|work|meetings?|commute|match|game|games|team|defen[cs]e|"
    r"exams?|thesis|skripsi|assignments?|homework|taxes|bills?|wallet|bank account|ranked grind|grind|shootout|"
    r"second half|first half|penalt(?:y|ies)|referee|ref|inbox|emails?|kids are|toddler is|in-laws|landlord|"
    r"neighbou?rs|group chat|this class|this course|this weather|fantasy team)\b"
    r"(?: (?!(?:and|when|but|so|then|i|he|she|we|they|it) )[\w'-]+){0,3}? "
    r"(?:(?:(?:is|are|was|were|'s|'re)(?: literally| actually| really| just| still| finally)? giving|(?:will|'ll|"
    r"gonna|going to|about to|is going to)(?: literally| actually)? give|(?:nearly|almost|just about|about|"
    r"practically|literally) gave) (?:me |us |him |her )?" + _JOKE_ILLS + r"|(?:is|are) making me (?:sick to "
    r"my stomach|physically sick))\b|"
    # ... or what a team's defence or a wallet "had" ("our defence had a heart attack in the 90th min")
    r"\b(?:defen[cs]e|back line|wallet|bank account)(?: is)? (?:had|has|having) (?:a |an )?(?:heart attack|stroke|"
    r"meltdown|aneurysm)\b", re.I)
# ... a joke only where nothing else in the message is about health: not a complaint that lasts, a question about it
# or a reading ("work stress is giving me a migraine every day, what can i take", "the game gave me a headache and now
# i see flashing lights", "the deadlines are giving me high blood pressure, it was 150/95 this morning")
_REAL_AFTER = re.compile(r"\b(?:every (?:\w+ )?(?:day|night|week|morning|evening|time|monday|tuesday|wednesday|"
                         r"thursday|friday|saturday|sunday)|daily|all the time|again|twice|(?:\d+|two|three|four|"
                         r"five|several|many) times|(?:once|twice|\d+ ?x) a (?:day|week|month)|this week|tiap|setiap|"
                         r"for (?:days|weeks|months)|been (?:\d+|a few|two|three|four|five) \w+|since|whenever|"
                         r"most (?:mornings|days|nights|evenings)|right now|which one|can i|threw up|vomit\w*|"
                         r"faint\w*|passed out|tak(?:e|es|ing)|took|on \w+|head|stomach|chest|side|throat|"
                         r"throbbing|dizzy|nause\w*|sugar|do i need|what (?:can|should|do) i "
                         r"(?:take|do|use)|how (?:do|can) i (?:stop|treat|get rid)|"
                         r"any (?:tips|advice|remedy|remedies|medicine|meds)|should i\b|could (?:it |this |that )?be|"
                         r"now (?:i|he|she) (?:see|sees|have|has|feel|feels|get|gets)|what (?:foods?|can|should)|"
                         r"is (?:it|that|this) (?:normal|bad|serious|dangerous))\b|\d+ ?(?:/|over) ?\d+")


# what a side does in a game ("bottle it", "lose again", "the derby")
_GAME = re.compile(r"\b(?:bottl\w*|los(?:e|es|ing)|lost|play(?:s|ing)?|defend\w*|match|game|games|team|penalt\w*|final|"
                   r"derby|league|season|keeper|striker|referee|ref|var|score\w*|concede\w*|goal\w*)\b")
# ... said around it as part of the joke ("my nerves are shot", "before i reach work")
_JOKE_TALK = re.compile(r"(?i)\b(?:my |our |his |her )?nerves (?:are|were) (?:shot|gone|wrecked|frayed|in bits)\b|"
                        r"\b(?:before|by the time) (?:i|we) (?:even )?(?:reach|get to|get) (?:work|home|the office)\b")


def _joke(low: str) -> bool:
    """What traffic, work or a match "gave me", said as a joke (`_JOKE`) with nothing else of health in the message."""
    m = _JOKE.search(low)
    if m is None:
        return False
    if m.group("watched") is not None and (not _GAME.search(m.group("watched")) or HEALTH.search(m.group("watched"))
                                           or _THING.search(m.group("watched"))):
        return False  # "watching my son have a seizure is gonna give me a heart attack" is no joke
    rest = _JOKE_TALK.sub(" ", f"{low[:m.start()]} {low[m.end():]}")
    return not HEALTH.search(rest) and not _REAL_AFTER.search(rest) and not _THING.search(rest)


# A question about what the bot is, whatever words of health it uses ("are you a real doctor or AI?", "r u an actual
# nurse or a bot", "is this an AI?", "am i talking to a real person"): small talk when the rest of the message is
# nothing or small talk itself ("are you a doctor? can he still drink beer" still asks about the conversation's topic)
_BOT_WHO = (r"(?:(?:real |actual |proper |licensed |human |qualified )?(?:doctor|dr|doc|nurse|physician|person|"
            r"human|bot|robot|ai|chatbot|chatgpt|machine|computer)|real|human)")
_ABOUT_THE_BOT = re.compile(
    r"\b(?:(?:(?:are|r) (?:you|u)|am i (?:talking|speaking|chatting) (?:to|with)) (?:a |an )?" + _BOT_WHO
    + r"|is this (?:a |an )?(?:real (?:person|doctor|human)|bot|robot|ai|chatbot|chatgpt|machine|computer))\b"
    r"(?: (?:or|and) (?:a |an )?(?:real |actual )?(?:doctor|dr|doc|nurse|person|human|bot|robot|ai|chatbot|chatgpt|"
    r"machine|computer|not|something)\b)?", re.I)


# a question about the bot's own day, and nothing else but thanks or a laugh ("thanks! do u also work 24/7 like us
# lol", "do you ever sleep haha"; not "do you sleep with asthma", "do u get tired with it for long")
_BOT_DAY = re.compile(r"^\W*(?:(?:ok|okay|thanks?|thx|ty|cheers|haha\w*|lol|wow)\W+)*(?:do|don'?t|dont) (?:you|u) "
                      r"(?:(?:also |ever |even |never )?work (?:24/?7|all (?:day|night)|nights|weekends|shifts)|"
                      r"(?:also |ever |even |never )(?:sleep|rest|get tired|get bored)|"
                      r"(?:sleep|rest|get tired|get bored)"
                      r"(?= (?:like (?:us|me|we do|humans?)|lol|lmao|haha|hehe|wkwk)))"
                      r"(?: (?:like (?:us|me|we do|humans?)|too|at all|ever|lol|lmao|haha\w*|hehe\w*|wkwk\w*))*\W*$")


# Whether a named treatment or test would help or is needed: asked of the conversation's condition
_USE = re.compile(r"\b(?:help\w*|need\w*|option|work\w*|worth|recommend\w*|enough|better|"
                  r"should (?:i|he|she|we|they|my \w+) (?:get|have|take|try|do|use|start)|"
                  r"(?:do|does|will|would) (?:i|he|she|we|they|you) (?:need|have to)|"
                  r"perlu|butuh|harus|bisa bantu|ampuh|manjur)\b")


def asks_about_use(text: str) -> bool:
    """"Would antibiotics help?", "do I need a blood test?": a treatment or test asked of the condition
    (not "what is a colonoscopy?", which asks about the test itself)."""
    return bool(_USE.search(text.lower()))


def switches(text: str) -> bool:
    return bool(SWITCH.search(text.lower()))


_ADDING = re.compile(r"\b(?:also|one more(?: thing| question| q)?|btw|by the way|satu lagi|oh ya|random (?:q|qn|"
                     r"question))\b")
# someone new or a new complaint told ("one more thing, my daughter has red bumps on her legs", "a sprained ankle",
# "is it normal for a 2 year old to still not talk"): what "it" then is
_SOMEONE_NEW = re.compile(r"\b(?:my|our|his|her) (?:\w+ )?(?:daughter|son|mum|mom|mother|mam|dad|father|wife|husband|"
                          r"kids?|baby|sister|brother|friend|nan|gran|grandma|grandpa|boy|girl|niece|nephew|aunt|"
                          r"uncle|cousin|neighbou?r|boss|partner|bf|gf)\b|"
                          r"\b(?:an? )?\d+ ?(?:year|yr|month|week)s? old\b|"
                          r"\btoddler\b|\bsprain\w*|\bbroke\b|\bbroken\b")  # (not "it burns", "the rash": the topic's)


def only_adds(text: str) -> bool:
    """Words that only add a question ("also", "one more", "btw", "random q") and no one or nothing new told: a
    follow-up when the message names no topic ("also ok lang ba to drink few beers with it?" after metformin,
    "random question but is it normal for it to itch at night?" after shingles); not "something totally different
    - how long does it take to settle", nor "one more thing, my daughter has red bumps on her legs, what can i put on
    it"."""
    low = text.lower()
    return switches(low) and not switches(_ADDING.sub(" ", low)) and not _SOMEONE_NEW.search(low)


def thing_kind(name_key: str) -> str | None:
    """"treatment" or "tests" for a treatment, test or medicine class, "aspect" for the name of what
    is asked, else None (a condition)."""
    if name_key in TEST_KEYS or name_key.rsplit(" ", 1)[-1] in ("test", "scan", "swab"):  # "widal test"
        return "tests"
    if name_key in TREATMENT_KEYS:
        return "treatment"
    if name_key in ASPECT_KEYS:
        return "aspect"
    return None


def things_in(text: str) -> tuple[set[str], set[str]]:
    """(the kinds, the words) of the treatments and tests a message names ("blood tests" -> tests)."""
    kinds: set[str] = set()
    covered: set[str] = set()
    for m in _THING.finditer(text.lower()):
        phrase = m.group(0)
        kinds.add("tests" if phrase in TEST_KEYS or phrase.rstrip("s") in TEST_KEYS else "treatment")
        covered.update(phrase.split())
    return kinds, covered


def asks_about_health(text: str) -> bool:
    """Whether a message that names no topic still asks something about health."""
    low = text.lower().replace("’", "'")
    if SMALL_TALK.search(low):
        return False
    return bool(HEALTH.search(low) or _THING.search(low))


def refers_back(text: str) -> bool:
    return bool(ANAPHOR.search(text.lower().replace("’", "'")))


# Someone's verdict just before a name ("physio says plantar fasciitis", "they reckon it's colic", "diagnosed with
# gout", "tested positive for strep", "doctor said he has shingles"), over `understand.words` (singular, "'s"
# dropped): a condition of its own, so a message naming one is no follow-up of the conversation's other topic.
_VERDICT = re.compile(r"(?:^| )(?:say|said|saying|reckon|reckoned|think|thought|told (?:me|u|us|him|her|them)|"
                      r"call(?:ed|s)? it|"
                      r"diagnosed (?:with|as)|dx(?: d)?(?: with| as)?|tested positive for|positive for|confirmed|"
                      r"suspect|suspected|kata|katanya|didiagnosa|didiagnosis|divonis)"
                      r"(?: (?:it|its|is|was|he|she|i|we|they|has|have|had|got|ve|a|an|the|probably|likely|maybe|"
                      r"possibly|mild|early|some|bad|severe|definitely|just|kena|terkena|ada|sakit))*$")


def verdict_before(ws: list[str], start: int) -> bool:
    """Whether the name starting at word `start` of `ws` is named as someone's verdict (`_VERDICT`)."""
    return start > 0 and bool(_VERDICT.search(" ".join(ws[max(0, start - 8):start])))


# A reading pasted into a question ("148 over 95, is that high?", "tensi 170", "gula puasa 118", "hb 9,8", "suhu
# 39,5"): the condition it is about, for a message that names none. The measure's word and its number side by
# side (at most a verb between: "sugar was 118", "tensinya 170"), plausible ranges only, never a number that
# a unit or an age follows ("umur 55 tahun", "50 gram", "150 ribu", "250/50 mcg"); a normal value names nothing.
# words that may stand between a measure and its number, each a whole word, at most five: one way to match them
_LINK = (r"(?:\s*(?:was|is|are|of|at|reading|reads|came|back|went|up|down|to|spiked|dropped|like|level|levels|this|"
         r"morning|tonight|today|now|tadi|pagi|malam|sewaktu|pp|\d jam|jam|badan|tubuh|ke|checked|check|nya|saya|sy|"
         r"aku|bapak|ibu|mama|papa|ayah|ibuk|mamak|mertua|hamil|only|just|about|around|cuma|hanya|sekitar|sudah|udah|"
         r"tinggal|naik|turun|jadi)\b|\s*[=:-]){0,5}\s*")
_NOT_UNIT = (r"(?!\s*(?:tahun|thn|th\b|years?|yrs?|yo\b|y/o|gram|gr\b|g\b(?!\s*/)|ml|mg\b(?!\s*/)|mcg|ribu|rb\b|k\b|"
             r"weeks?|minggu|bulan|months?|days?|hari|pieces|lbs?|kg|puffs?|tablets?|pills?|x\b|kali|calories|kcal|"
             r"cal\b|meters?|metres?|m\b|km|miles?|yards?))")
_BP = re.compile(r"\b(\d{2,3})\s*(?:/|over)\s*(\d{2,3})\b" + _NOT_UNIT + r"|"
                 r"\b(?:bp|blood pressure|tensi(?:nya|nyo|ne)?|tekanan darah(?:nya)?)\b" + _LINK + r"(\d{2,3})(?:an)?\b"
                 + _NOT_UNIT)
_BP_WORDS = re.compile(r"\b(?:bp|blood pressure|pressure|tensi\w*|tekanan darah\w*|systolic|diastolic)\b")
_SUGAR = re.compile(r"\b(?:(?P<before>fasting|puasa|gdp)\W+(?:\w+\W+){0,2}?)?(?:blood sugar|(?<!low )(?<!high )"
                    r"sugar(?! free)|glucose|gula(?: darah)?|gds|gdp)(?:nya)?(?:\s+(?P<after>puasa|fasting))?\b" + _LINK
                    + r"(?P<value>\d{2,3})\b" + _NOT_UNIT)
_A1C = re.compile(r"\b(?:hb)?a1c\b" + _LINK + r"(\d{1,2}(?:[.,]\d)?)\b" + _NOT_UNIT)
_HB = re.compile(r"\b(?:hb|hgb|haemoglobin|hemoglobin)(?:nya|nyo)?\b" + _LINK + r"(\d{1,2}(?:[.,]\d)?)\b" + _NOT_UNIT)
_TEMP = re.compile(r"\b(3[89]|4[0-2])(?:[.,]\d)?\s*(?:°\s*c?|derajat|degrees? c|c(?![\s-]*section))\b|"
                   r"\b(?:suhu(?:nya)?|temperature|temp|fever of|demam)\b" + _LINK
                   + r"(3[89]|4[0-2]|10[0-5])(?:[.,]\d)?\b" + _NOT_UNIT
                   + r"|\b(10[0-5])(?:[.,]\d)?\s*(?:°\s*f?|degrees?(?: f)?|f)\b")
# the weather, a room or a bath, not a body ("40 degrees outside", "suhu kamar 38 derajat")
_NOT_BODY = re.compile(r"\b(?:outside|weather|room|kamar|ruang\w*|cuaca|luar|oven|water|bath|air|car|sun|"
                       r"celsius outside)\b")
# a newborn's yellow skin or eyes ("why do newborns go yellow?", "4 days old and her eyes look yellowish"), not
# yellow stool, vomit, eye discharge or teeth
_YELLOW_NEWBORN = re.compile(r"^(?!.*\b(?:poo\w*|stools?|diapers?|nappy|nappies|vomit\w*|threw up|throw\w* up|"
                             r"spit\w*|mucus|snot|discharge|gunk|crust\w*|goo|pus|pee|urine|teeth)\b)"
                             r"(?=.*\b(?:newborns?|new born|(?:\d|one|two|three|four|five|six|few)\w* (?:days?|weeks?) "
                             r"old)\b).*\byellow\w*")


# a blood level said to be low or high, without its number ("my potassium came back low", "low iron", "kolesterol
# saya tinggi", "b12 deficiency"): the condition's page (the reference's own names), not the nutrient's; a level with
# no page of its own ("low calcium", "high sodium") names nothing
_LEVELS = {"potassium": ("low potassium level", "high potassium level"), "sodium": ("low sodium level", None),
           "magnesium": ("low magnesium level", None), "iron": ("iron deficiency anemia", None),
           "cholesterol": (None, "high cholesterol"), "b12": ("anemia b12 deficiency", None),
           "folate": ("folate deficiency", None), "phosphate": ("low blood phosphate", None)}
_NUTRIENT_KEY = {"potassium": "potassium", "kalium": "potassium", "sodium": "sodium", "natrium": "sodium",
                 "magnesium": "magnesium", "iron": "iron", "ferritin": "iron", "zat besi": "iron",
                 "cholesterol": "cholesterol", "kolesterol": "cholesterol", "ldl": "cholesterol", "b12": "b12",
                 "vitamin b12": "b12", "vit b12": "b12", "folate": "folate", "folic acid": "folate",
                 "phosphate": "phosphate", "phosphorus": "phosphate", "fosfat": "phosphate"}
_NUTRIENT = "(?:" + "|".join(sorted(_NUTRIENT_KEY, key=lambda n: (-len(n), n))) + ")"  # the longest name first
_LEVEL_WORD = (r"(?:low|high|raised|elevated|deficien\w*|lack of|not enough|kurang|rendah|tinggi|"
               r"defisiensi)")
_HIGH = re.compile(r"(?:high|raised|elevated|tinggi)$")
# a food's content ("foods low in sodium", "bananas are high in potassium", "diet rendah natrium", "buah yang tinggi
# kalium", "kalium tinggi di pisang", "low sodium salt") is no level of the blood
_NOT_FOOD = r"(?<!diet )(?<!foods )(?<!food )(?<!fruits )(?<!fruit )(?<!makanan )(?<!buah )(?<!yang )(?<!yg )" \
            r"(?<!eat )(?<!makan )(?<!menu )(?<!garam )"
_LEVEL = re.compile(r"\b" + _NOT_FOOD + r"(?P<level>" + _LEVEL_WORD + r")(?: (?:blood|serum|my|his|her))*(?: levels?)? "
                    r"(?P<said>" + _NUTRIENT + r")(?:nya|nyo|ku|mu)?\b(?! (?:rich|supplements?|tablets?|pills?|foods?|"
                    r"diet|intake|salt|garam|menu|snacks?|products?|versions?|milk|susu|options?)\b)|"
                    r"\bdeficien\w* in (?P<said4>" + _NUTRIENT + r")\b|"
                    r"\b(?P<said2>" + _NUTRIENT + r")(?:nya|nyo|ku|mu)?(?: (?:levels?|is|was|are|were|came back|"
                    r"come back|"
                    r"went|a bit|bit|abit|so|too|very|really|quite|slightly|a little|still|agak|sangat|banget|terlalu|"
                    r"masih|sy|saya|aku|ku|nya|lagi|sedikit|dikit)){0,4} (?P<level2>" + _LEVEL_WORD + r")\b"
                    r"(?! (?:in|di|pada|dalam)\b)|"
                    r"\b(?P<said3>" + _NUTRIENT + r") (?:deficiency|deficient)\b")
_IRON = re.compile(r"\b(?:iron|ferrous|ferritin|zat besi|tablet tambah darah|tambah darah|fe)\b")


# what a reading measures ("sugar", "blood pressure"): beside a reading, the measure is not what is asked about
MEASURES = frozenset({"sugar", "glucose", "blood sugar", "blood pressure", "pressure", "bp", "hb", "hemoglobin",
                      "haemoglobin", "temperature", "a1c", "hba1c", "blood glucose", *_NUTRIENT_KEY})


def measure(name_key: str) -> bool:
    """What a reading measures, or who it is about ("newborn": the page on neonates), not a condition."""
    return name_key in MEASURES or name_key.rstrip("s") in MEASURES or name_key in WHO


# who a question is about, not what ("during pregnancy", "for my baby")
WHO = frozenset({"newborn", "neonate", "baby", "infant", "toddler", "child", "pregnancy", "pregnant"})


def reading(text: str) -> str | None:
    """The English name of the condition a reading in `text` is about (or a newborn's yellow skin), or None."""
    low = text.lower()
    m = _BP.search(low)
    if m:
        if m.group(1):  # "148/95", "148 over 95": "over", or a word for blood pressure in the message
            sys_, dia = int(m.group(1)), int(m.group(2))
            plausible = 70 <= sys_ <= 260 and 35 <= dia <= 160 and dia < sys_ and bool(
                " over " in m.group(0) or _BP_WORDS.search(low))
        else:
            sys_, dia = int(m.group(3)), 0
            plausible = 70 <= sys_ <= 260
        if plausible:
            if sys_ < 95 or 0 < dia < 60:
                return "low blood pressure"
            return "high blood pressure" if sys_ >= 130 or dia >= 85 else None
    m = _A1C.search(low)
    if m and 4 <= (value := float(m.group(1).replace(",", "."))) <= 20:
        return None if value < 5.7 else "prediabetes" if value < 6.5 else "diabetes"
    m = _SUGAR.search(low)
    if m and 30 <= (sugar := int(m.group("value"))) <= 700:
        if sugar < 70:
            return "low blood sugar"
        if m.group("before") or m.group("after") or "gdp" in m.group(0):  # fasting ("gdp": gula darah puasa)
            return None if sugar < 100 else "prediabetes" if sugar < 126 else "diabetes"
        return "diabetes" if sugar >= 200 else None
    m = _HB.search(low)
    if m and 3 <= float(m.group(1).replace(",", ".")) < 12:
        return "iron deficiency anemia" if _IRON.search(low) else "anemia"
    if _TEMP.search(low) and not _NOT_BODY.search(low):
        return "fever"
    if _YELLOW_NEWBORN.search(low):
        return "newborn jaundice"
    for m in _LEVEL.finditer(low):  # the first level that has a page of its own
        said = m.group("said") or m.group("said2") or m.group("said3") or m.group("said4")
        high = bool(_HIGH.match(m.group("level") or m.group("level2") or ""))
        if name := _LEVELS[_NUTRIENT_KEY[said]][high]:
            return name
    return None
