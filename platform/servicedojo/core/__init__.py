"""Cross-cutting pieces shared by every slice; no feature logic lives here."""
