"""Operations: settings and their check, the generated .env.example, metrics and /healthz, signals
and reload, the state directory and log salt, --check, and files opened safely."""
