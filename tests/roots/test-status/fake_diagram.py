"""A stand-in for the diagram directive: a figure node with class "diagram"."""

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class Diagram(SphinxDirective):
    required_arguments = 1
    has_content = True

    def run(self):
        figure = nodes.figure(classes=["diagram"])
        figure += nodes.caption("", " ".join(self.content))
        self.set_source_info(figure)
        return [figure]


def setup(app):
    app.add_directive("diagram", Diagram)
    return {"parallel_read_safe": True}
