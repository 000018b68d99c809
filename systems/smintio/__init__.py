"""Smint.io: the creative access layer (licensed stock, creative approval, campaign assets)."""
