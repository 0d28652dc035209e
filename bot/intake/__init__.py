"""Intake: the transports that turn a platform event into a question (transports/), the durable
inbox, the pipeline every question takes (accept, answer, deliver, replay), and who asked (identity)."""
