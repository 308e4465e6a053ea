"""fplib: helpers for the Frequency Principle bundle (spectra, networks, training, plots).

Modules: ``config`` (run profiles, seeding, device), ``spectrum``, ``nets``, ``train``, ``plots``.
"""
__version__ = "0.1.0"
