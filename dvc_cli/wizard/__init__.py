"""The guided, keyboard-only entrance: the main menu and the seven-step intake wizard.

Like the flag commands, it only calls the use-cases in `intake` and the views in `queries`;
no rule lives here. questionary is imported only when a question is actually asked.
"""
