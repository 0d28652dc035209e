"""Small models and data built in the test session: a tiny GPT-2 that answers (or one that does not),
and a synthetic question/answer file in MedQuAD's layout."""

from __future__ import annotations

from pathlib import Path

QA_TEXTS = [
    ("What are the symptoms of the flu?", "Fever, cough, sore throat, muscle aches and tiredness are common."),
    ("How is high blood pressure treated?", "Lifestyle changes and medicines such as diuretics lower pressure."),
    ("What causes migraines?", "Migraines are linked to changes in the brain and may be triggered by stress."),
    ("Is diabetes hereditary?", "Type 2 diabetes runs in families, and lifestyle also plays a large part."),
    ("What is asthma?", "Asthma is a long-term disease of the airways that makes breathing difficult."),
    ("How can I lower my cholesterol?", "Eat less saturated fat, exercise regularly and take statins if advised."),
]


def build_tiny_model(folder: Path, layers: int = 2, embd: int = 64, seed: int = 0, train_steps: int = 40) -> Path:
    """A tiny GPT-2 + trained BPE tokenizer, saved with save_pretrained: trained for `train_steps`
    steps on QA_TEXTS (under a second), so it passes the engine's self-test; 0 keeps random weights."""
    import torch

    from medbot.prompt import format_example
    from trainer.config import ModelArguments
    from trainer.model import build_tiny, train_tokenizer

    torch.manual_seed(seed)
    texts = [format_example(q, a, "") for q, a in QA_TEXTS] * 20
    tok = train_tokenizer(texts, 600)
    model = build_tiny(ModelArguments(tiny_layers=layers, tiny_embd=embd, tiny_heads=2, tiny_positions=256), tok)
    if train_steps:
        _fit(model, tok, train_steps)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def _fit(model, tok, steps: int) -> None:
    import torch

    from medbot.prompt import format_example

    batch = tok([format_example(q, a, tok.eos_token) for q, a in QA_TEXTS], return_tensors="pt", padding=True)
    labels = batch.input_ids.masked_fill(batch.attention_mask == 0, -100)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    model.train()
    for _ in range(steps):
        model(**batch, labels=labels).loss.backward()
        opt.step()
        opt.zero_grad()
    model.eval()


def build_broken_model(folder: Path, kind: str, source: Path) -> Path:
    """A model that loads but does not answer, from the tiny model at `source`:
    "random" (fresh weights, same shape) or "eos_only" (every prediction is end-of-text)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(source)
    model = AutoModelForCausalLM.from_pretrained(source)
    if kind == "random":
        torch.manual_seed(1)
        model = type(model)(model.config)
    elif kind == "eos_only":
        with torch.no_grad():  # ln_f outputs a constant that only the end-of-text embedding matches
            unit = torch.zeros(model.config.n_embd)
            unit[0] = 1.0
            model.transformer.wte.weight[tok.eos_token_id] = 100 * unit
            model.transformer.ln_f.weight.zero_()
            model.transformer.ln_f.bias.copy_(10 * unit)
    else:
        raise ValueError(kind)
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


# Topics and answer templates for a small synthetic question/answer set: the trainer's tests need text to
# learn from, not real medicine, and must run without any data beside the project.
_TOPICS = ["the flu", "the common cold", "asthma", "migraine", "gout", "anemia", "shingles", "glaucoma", "eczema", "psoriasis", "bronchitis",
           "sinusitis", "tetanus", "measles", "mumps", "rubella", "influenza", "malaria", "dengue fever",
           "kidney stones", "gallstones", "hepatitis A", "hepatitis B", "scabies", "acne", "insomnia", "vertigo",
           "tinnitus", "scoliosis", "osteoporosis", "arthritis", "bursitis"]
_ASKED = [("What is (are) {t} ?", "{T} is a condition that affects many people. A doctor can tell {t} from "
           "other problems with an examination and, when needed, simple tests."),
          ("What are the symptoms of {t} ?", "The usual symptoms of {t} are fever, cough, sore throat, muscle "
           "aches and tiredness. See a doctor if the symptoms of {t} get worse or do not go away."),
          ("What are the treatments for {t} ?", "Treatment for {t} depends on how severe it is. Rest, medicines "
           "and follow-up visits help most people with {t}."),
          ("How to prevent {t} ?", "You can lower the risk of {t} with healthy habits. Ask your doctor which "
           "steps to prevent {t} fit you."),
          ("Who is at risk for {t} ?", "Anyone can get {t}, but some people have a higher risk. Age, family "
           "history and other conditions can raise the risk of {t}."),
          ("What causes {t} ?", "The causes of {t} are not always known. Genes, infections and the environment "
           "can each play a part in {t}."),
          ("Is {t} inherited ?", "Most cases of {t} are not inherited. In some families {t} runs in the genes."),
          ("How to diagnose {t} ?", "A doctor diagnoses {t} from your symptoms, an examination and sometimes "
           "tests. Tell your doctor how long you have had signs of {t}.")]


def write_qa_csv(path: Path) -> Path:
    """256 question/answer rows with a topic and a page link, in MedQuAD's CSV layout."""
    import pandas as pd

    rows = [{"question": q.format(t=t), "answer": a.format(t=t, T=t[0].upper() + t[1:]),
             "url": f"https://example.org/health/{t.replace(' ', '-')}", "focus": t, "qtype": q.split()[1]}
            for t in _TOPICS for q, a in _ASKED]
    pd.DataFrame(rows).to_csv(path, index=False)
    return path
