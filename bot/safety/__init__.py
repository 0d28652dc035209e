"""Safety: emergency triage before anything else (triage: the warning-sign rules of signs.py and the
learned detector, triage.json), the language of a message and the fixed replies in it (messages)."""
