"""Trainees' training records and the rules over them.

Two layers. Below: the records (`models`), a course's outline as data (`navigation`),
progress, quiz standing, who may open a step (`access`) and where a step stands for a user
(`steps`). These never import the content app's models: pages pass themselves in and reach
the tree through methods they provide. Above: the write services, My learning's summary,
the views and URLs, which may use both the pages and the layer below.
"""
