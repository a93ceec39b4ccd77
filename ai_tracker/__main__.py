from ai_tracker.cli import run

if __name__ == "__main__":
    run()
