"""backends/sphinx"""
