"""Tests of trainer/: data, model, packing, training and publishing."""
