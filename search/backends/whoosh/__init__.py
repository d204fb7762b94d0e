"""backends/whoosh"""
