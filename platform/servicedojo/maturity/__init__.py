"""Maturity self-assessment: teams rate ITIL practice capability, see aggregated results, gaps and history."""
