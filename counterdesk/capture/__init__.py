"""Capture: image sources, page finding and flattening, cleaning, quality checks, QR codes.

The only home of OpenCV. Page processing steps are pure functions on numpy images.
"""
