"""Loads incidentmap's layers in QGIS (PyQGIS, headless) and reports what
QGIS sees, as JSON on stdout, for server/qgis_test.go to judge.

usage: QT_QPA_PLATFORM=offscreen python3 qgis_check.py BASE_URL OUT_DIR

- the OGC API - Features layer (provider OAPIF): validity, extent,
  feature count, and each feature's evidence_text and source_urls;
- the vector tile layer (XYZ of /tiles/incidents/{z}/{x}/{y}.mvt),
  rendered over the data's extent into a PNG, with its default style and
  with the style /tiles/incidents/style.json converted by QGIS's
  MapLibre style converter: how many pixels are not the background.
"""
import json
import os
import sys
import urllib.request

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDataSourceUri,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorTileLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def render(layer, extent, path):
    """Renders layer over extent (EPSG:3857) and counts painted pixels."""
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    settings.setOutputSize(QSize(512, 512))
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setExtent(extent)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    img.save(path)
    colors = {}
    for y in range(0, img.height()):
        for x in range(0, img.width()):
            rgb = img.pixel(x, y) & 0xFFFFFF
            if rgb != 0xFFFFFF:
                key = "#%06x" % rgb
                colors[key] = colors.get(key, 0) + 1
    return colors, [str(e) for e in job.errors()]


def main():
    base, out = sys.argv[1].rstrip("/"), sys.argv[2]
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    from qgis.core import Qgis
    report = {"qgis": Qgis.QGIS_VERSION}

    oapif = QgsVectorLayer(f"url='{base}' typename='incidents'", "incidents", "OAPIF")
    report["oapif_valid"] = oapif.isValid()
    if oapif.isValid():
        e = oapif.extent()
        report["extent"] = [e.xMinimum(), e.yMinimum(), e.xMaximum(), e.yMaximum()]
        feats = []
        for f in oapif.getFeatures():
            def val(name):
                v = f[name]
                return None if v is None or (hasattr(v, "isNull") and v.isNull()) else v
            feats.append({
                "id": str(val("id")),
                "evidence_text": val("evidence_text"),
                "source_urls": val("source_urls"),
                "n_sources": val("n_sources"),
            })
        report["features"] = feats
        report["fields"] = [fld.name() for fld in oapif.fields()]

    ds = QgsDataSourceUri()
    ds.setParam("type", "xyz")
    ds.setParam("url", base + "/tiles/incidents/{z}/{x}/{y}.mvt")
    ds.setParam("zmin", "0")
    ds.setParam("zmax", "16")
    tiles = QgsVectorTileLayer(bytes(ds.encodedUri()).decode(), "incident tiles")
    report["tiles_valid"] = tiles.isValid()
    if tiles.isValid():
        QgsProject.instance().addMapLayer(tiles)
        ext = report.get("extent") or [35, 14, 46, 38]
        to3857 = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                        QgsCoordinateReferenceSystem("EPSG:3857"), QgsProject.instance())
        box = to3857.transformBoundingBox(QgsRectangle(ext[0] - 1, ext[1] - 1, ext[2] + 1, ext[3] + 1))
        colors, report["tiles_errors"] = render(tiles, box, os.path.join(out, "tiles-default.png"))
        report["tiles_painted"] = sum(colors.values())
        with urllib.request.urlopen(base + "/tiles/incidents/style.json") as r:
            style = json.load(r)
        from qgis.core import QgsMapBoxGlStyleConverter, QgsMapBoxGlStyleConversionContext
        from qgis.PyQt.QtGui import QImage
        # The sprite, as QGIS's style loader fetches it.
        with urllib.request.urlopen(style["sprite"] + ".png") as r:
            sprite_png = r.read()
        with urllib.request.urlopen(style["sprite"] + ".json") as r:
            sprite_index = json.load(r)
        ctx = QgsMapBoxGlStyleConversionContext()
        ctx.setSprites(QImage.fromData(sprite_png), sprite_index)
        conv = QgsMapBoxGlStyleConverter()
        status = conv.convert(style, ctx)
        report["style_converted"] = status == QgsMapBoxGlStyleConverter.Success
        report["style_warnings"] = list(conv.warnings())
        if conv.renderer():
            tiles.setRenderer(conv.renderer())
            colors, _ = render(tiles, box, os.path.join(out, "tiles-styled.png"))
            report["styled_painted"] = sum(colors.values())
            report["styled_colors"] = colors
            report["styled_rules"] = len(conv.renderer().styles())
    print(json.dumps(report, ensure_ascii=False), flush=True)
    # exitQgis with layers alive crashes some builds (3.22) at exit:
    # the report is out, leave at once.
    os._exit(0)


main()
