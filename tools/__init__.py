"""Helper scripts and modules of the course (tasks.py imports suite and colab_replica)."""
