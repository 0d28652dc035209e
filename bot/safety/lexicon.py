"""Everyday words mapped to the concepts an emergency message is made of, for the learned detector
(bot/safety/detector.py): body part, symptom, severity, onset, substance, quantity, intent, and the words
that make a message about the past, a hypothetical, a lesson or a mild case.

A concept feature lets the detector generalise from "my chest feels heavy" to "something is
sitting on my chest" and from "took 30 tylenol" to "swallowed 12 of my dad's heart pills": the
words differ, the concepts (body + pain + now, ingest + quantity + substance) do not. English and
informal Indonesian share the table. Entries are single words or two-word phrases (looked up in
O(1) per token); a word may belong to several concepts."""

from __future__ import annotations


def _w(block: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in block.replace("\n", ",").split(",") if p.strip())


CONCEPTS: dict[str, tuple[str, ...]] = {
    "body_core": _w("""chest, heart, throat, tongue, lips, lip, jaw, neck, windpipe, airway, lungs, lung, dada, jantung,
        tenggorokan, lidah, bibir, rahang, leher, paru, paru-paru"""),
    "body_other": _w("""arm, arms, leg, legs, face, head, belly, stomach, tummy, abdomen, eye, eyes, back, side, hand,
        testicle, testicles, balls, groin, skin, wrist, wrists, lengan, tangan, kaki, wajah, muka, kepala, perut,
        mata, punggung, pinggang, kulit, pergelangan, buah zakar, selangkangan"""),
    "breath": _w("""breathe, breathing, breath, breaths, breathless, air, gasping, gasp, gasps, wheezing, wheeze,
        suffocating, suffocate, choking, choke, choked, chokes, stridor, napas, nafas, bernapas, bernafas, sesak,
        tersedak, keselek, megap, tersengal, ngos-ngosan, mengi"""),
    "pain": _w("""pain, pains, painful, hurts, hurt, hurting, ache, aching, pressure, squeezing, squeeze, crushing,
        heavy, heaviness, tight, tightness, stabbing, burning, cramps, cramping, agony, sakit, nyeri, perih, ngilu,
        berat, tertekan, ditekan, ditindih, diremas, kram, mules, melilit, panas"""),
    "severe": _w("""severe, severely, worst, unbearable, terrible, excruciating, agonizing, extreme, intense,
        horrible, awful, really bad, so bad, very bad, cant stand, screaming, crying, doubled, worse, worsening,
        parah, hebat, banget, sekali, luar biasa, gak tahan, nggak tahan, tidak tahan, ga kuat, makin parah,
        menjerit"""),
    "bleed": _w("""bleeding, bleed, bleeds, blood, bloody, gushing, spurting, pouring, soaked, soaking, clots,
        hemorrhage, haemorrhage, darah, berdarah, pendarahan, perdarahan, mengucur, muncrat, gumpalan"""),
    "neuro": _w("""slurred, slurring, slur, drooping, droopy, droop, numb, numbness, weak, weakness, confused,
        confusion, garbled, gibberish, lopsided, crooked, leaning, paralyzed, paralysed, tingling, dizzy, vertigo,
        disoriented, delirious, pelo, mencong, perot, lemah, lumpuh, kebas, kesemutan, bingung, linglung, ngelantur,
        ngawur, pusing, miring, meracau, mati rasa"""),
    "vision": _w("""blind, vision, sight, see, seeing, blurry, curtain, shadow, buta, penglihatan, pandangan, melihat,
        gelap, kabur"""),
    "unconscious": _w("""unconscious, unresponsive, passed out, pass out, fainted, faint, fainting, collapsed,
        collapse, limp, floppy, lifeless, blacked out, wake, waking, woke, responding, respond, pingsan, sadar,
        lemas, lemes, lunglai, ambruk, roboh, terkapar, bangun, dibangunin, dibangunkan, merespon, kolaps"""),
    "seizure": _w("""seizure, seizures, seizing, convulsing, convulsion, convulsions, fit, fitting, shaking, jerking,
        twitching, epileptic, kejang, kejang-kejang, step, ayan, kelojotan, gemetar"""),
    "swelling": _w("""swelling, swollen, swelled, swell, puffy, puffing, closing, closed, hives, rash, itchy, bengkak,
        membengkak, bentol, biduran, ruam, gatal, menutup"""),
    "blue": _w("""blue, grey, gray, purple, pale, white, cold, clammy, sweating, sweaty, sweat, membiru, biru, pucat,
        keringat, keringetan, dingin"""),
    "vomit": _w("""vomit, vomiting, vomited, throwing up, threw up, puking, puke, puked, sick, muntah, muntah-muntah,
        mual"""),
    "fever": _w("""fever, temperature, temp, feverish, hot, burning up, demam, panas, suhu, meriang"""),
    "drug": _w("""pill, pills, tablet, tablets, tabs, capsule, capsules, meds, medicine, medicines, medication,
        medications, dose, doses, tylenol, paracetamol, acetaminophen, panadol, ibuprofen, advil, motrin, aspirin,
        naproxen, aleve, benadryl, xanax, valium, ativan, klonopin, benzos, benzo, oxy, oxycodone, percocet,
        vicodin, codeine, tramadol, fentanyl, morphine, heroin, melatonin, lithium, insulin, iron, vitamins,
        gummies, antidepressants, antidepressant, sertraline, zoloft, prozac, fluoxetine, seroquel, ambien,
        sleeping, metformin, warfarin, digoxin, amlodipine, metoprolol, propranolol, clonidine, amitriptyline,
        lorazepam, diazepam, alprazolam, gabapentin, opioids, painkillers, painkiller, obat, pil, tablet, butir,
        kapsul, strip, sirup, puyer, parasetamol, antimo, ctm, bodrex, paramex, promag, antalgin, asam mefenamat,
        amoxicillin, obat tidur, penenang"""),
    "chem": _w("""bleach, cleaner, detergent, pod, pods, antifreeze, poison, poisonous, pesticide, insecticide,
        weedkiller, ammonia, lye, drain, gasoline, petrol, kerosene, paraffin, turpentine, acetone, methanol,
        chemical, chemicals, sanitizer, battery, batteries, magnet, magnets, mushrooms, mushroom, berries, nicotine,
        vape, liquid, fluid, oven, toilet, dishwasher, solvent, alcohol, vodka, drinks, wine, pemutih, bayclin,
        racun, baygon, pestisida, minyak tanah, bensin, tiner, karbol, wipol, sabun, deterjen, soda api, spiritus,
        baterai, batre, cairan, pembersih, jamur, kimia, miras, alkohol, oplosan, obat nyamuk, obat tikus"""),
    "ingest": _w("""took, taken, take, taking, swallowed, swallow, swallowing, ate, eaten, eat, drank, drunk, drink,
        drinking, downed, popped, chugged, injected, ingested, licked, chewed, sprayed, splashed, inhaled, mixed,
        minum, meminum, diminum, menelan, nelan, telan, ditelan, tertelan, ketelan, makan, dimakan, kemakan,
        keminum, terminum, menghirup, terhirup, kena, kecipratan, tersiram, nyemprot, campur"""),
    "quantity": _w("""#num, whole, entire, all, handful, bunch, lots, many, much, twice, double, triple, extra, bottle,
        box, pack, packet, sheet, blister, strip, several, dozen, half, too many, too much, rest of, semua,
        sebotol, sekaligus, dua kali, puluhan, belasan, banyak, segenggam, sebungkus, satu strip, sepapan,
        kebanyakan, berlebihan, dobel"""),
    "intent": _w("""die, dying, dead, death, end, ending, kill, killing, goodbye, goodbyes, disappear, burden,
        anymore, suicide, suicidal, unalive, letter, letters, note, bridge, rope, noose, plan, planned, wont be,
        not be here, better off, give away, giving away, final, last time, jump, overdose, sleep forever,
        mati, bunuh, mengakhiri, akhiri, pamit, selamat tinggal, menghilang, beban, lompat, terjun, tali,
        gantung, surat, wasiat, tidur selamanya, gak kuat, capek hidup, cape hidup, lelah hidup, nyerah"""),
    "self_act": _w("""cut, cutting, cuts, blade, razor, burning myself, hurt myself, hurting myself, harm, harming,
        scratching, nyilet, silet, menyayat, sayat, menggores, melukai, nyakitin"""),
    "now": _w("""now, right now, currently, tonight, today, minutes, minute, mins, hour, hours, just, still, keeps,
        keep, wont stop, happening, started, starting, suddenly, this morning, this evening, min, ago, sekarang,
        barusan, tadi, baru, masih, terus, malam ini, hari ini, menit, jam, lagi, terus-terusan, dari tadi,
        sejak tadi"""),
    "recent": _w("""yesterday, last night, earlier, hours ago, day ago, overnight, since morning, kemarin, semalam,
        tadi pagi, tadi malam, kemaren"""),
    "urgency": _w("""help, please, hurry, quick, quickly, asap, ambulance, 911, 999, 112, 000, er, emergency, urgent,
        what do i, what should i, what now, scared, panicking, panic, terrified, omg, tolong, cepat, darurat, igd,
        ugd, ambulans, 119, 118, gimana, bagaimana ini, panik, takut, buruan, segera"""),
    "sudden": _w("""sudden, suddenly, out of nowhere, all of a sudden, came on, instantly, abruptly, tiba, tiba-tiba,
        mendadak, langsung"""),
    "infant": _w("""baby, babies, infant, newborn, toddler, weeks old, week old, months old, month old, days old,
        bayi, bayiku, balita, anak, anakku, orok, dedek"""),
    "pregnant": _w("""pregnant, pregnancy, expecting, weeks along, labour, labor, birth, delivered, delivery,
        postpartum, contractions, waters, kicking, kicks, movement, moving, hamil, kehamilan, melahirkan,
        persalinan, ketuban, janin, kontraksi, gerak, nifas, lahiran"""),
    "elderly": _w("""grandma, grandpa, grandmother, grandfather, elderly, old, nan, nana, mom, dad, mother, father,
        nenek, kakek, mbah, eyang, ibu, bapak, ayah, mertua, ortu"""),
    "environment": _w("""carbon, monoxide, generator, heater, fumes, smoke, gas, fire, drowning, drowned, pool,
        water, lake, river, sea, hypothermia, freezing, frozen, heatstroke, heat, electric, electrocuted, shock,
        wire, outlet, lightning, asap, gas, genset, tenggelam, kelelep, kesetrum, listrik, tersengat, kebakaran,
        kedinginan, menggigil, kepanasan"""),
    "burn": _w("""burn, burned, burnt, burns, scald, scalded, boiling, blister, blisters, luka bakar, terbakar,
        melepuh, kesiram, tersiram, air panas, minyak panas"""),
    "injury": _w("""fell, fall, fallen, crash, accident, hit, stabbed, shot, assaulted, beaten, attacked, bitten,
        bite, stung, sting, snake, bone, broken, deep, wound, gash, jatuh, terjatuh, kecelakaan, tertabrak,
        ditabrak, ditusuk, dipukul, digigit, disengat, ular, tulang, patah, luka, sobek, robek"""),
    "history": _w("""years, year, last year, years ago, months ago, used to, when i was, back in, history, childhood,
        as a kid, as a child, once, ago, past, previously, former, anniversary, remember, recovered, dulu, pernah,
        tahun lalu, waktu kecil, bertahun, bulan lalu, riwayat, sembuh"""),
    "hypothetical": _w("""if, what if, would, could, should, how do i know, in case, supposed, hypothetically,
        wondering, curious, kalau, kalo, jika, seandainya, andaikan, misalnya, gimana kalau, bagaimana jika"""),
    "learning": _w("""course, class, article, news, read, heard, show, movie, film, book, novel, statistics,
        research, study, essay, homework, exam, lecture, training, cpr, first aid, kit, teacher, documentary,
        lyrics, song, game, story, berita, artikel, kursus, pelatihan, baca, membaca, film, buku, tugas, kuliah,
        p3k, pertolongan pertama, lagu, cerita, novel"""),
    "mild": _w("""mild, slight, slightly, little, minor, small, bit, bruise, bruised, scratch, tiny, fine, better,
        okay, ok, normal, healing, healed, manageable, annoying, ringan, sedikit, kecil, baik, mendingan, membaik,
        lecet, memar, biasa, sembuh"""),
    "chronic": _w("""always, often, sometimes, occasionally, chronic, every, usually, regularly, recurring, weeks,
        months, on and off, for years, lately, sering, kadang, kadang-kadang, setiap, tiap, berbulan, bertahun,
        menahun, akhir-akhir"""),
    "topic": _w("""what is, what are, what causes, causes, symptoms, signs, treatment, treat, how long, difference,
        risk, risks, prevent, prevention, normal, side effects, recommended, safe, apa itu, apa saja, penyebab,
        gejala, ciri, ciri-ciri, tanda, pengobatan, mengobati, mencegah, efek samping, aman"""),
    "care": _w("""hospital, admitted, doctor, doctors, nurse, er, icu, treated, discharged, surgery, stitches, clinic,
        appointment, gp, rumah sakit, dirawat, dokter, perawat, opname, pulang, klinik, puskesmas, jahitan,
        operasi, kontrol"""),
    "negation": _w("""no, not, never, without, dont, didnt, doesnt, isnt, wasnt, havent, hasnt, nothing, none,
        tidak, gak, ga, nggak, ngga, enggak, bukan, belum, tanpa, tak"""),
}


def index() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(single word -> concepts, two-word phrase -> concepts)."""
    words: dict[str, list[str]] = {}
    pairs: dict[str, list[str]] = {}
    for concept, entries in CONCEPTS.items():
        for entry in entries:
            parts = entry.replace("-", " ").split()
            if len(parts) == 1:
                words.setdefault(parts[0], []).append(concept)
            elif len(parts) == 2:
                pairs.setdefault(" ".join(parts), []).append(concept)
            else:  # three words: the first two stand for it
                pairs.setdefault(" ".join(parts[:2]), []).append(concept)
    return ({k: tuple(dict.fromkeys(v)) for k, v in words.items()},
            {k: tuple(dict.fromkeys(v)) for k, v in pairs.items()})
