"""Generation: the model (engine), its decode loop and sampling, int8 weights on a CPU, and the
backends the core submits to (the local worker thread, or an OpenAI-compatible server)."""
