package io.cloacina.bench.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Draws the report's charts from the measured rows, headless (no display is needed or used). */
public final class RatioChart {

    private static final Color MEASURED = new Color(0x2F6DB5);
    private static final Color TARGET = new Color(0xC8C8C8);

    private RatioChart() {
    }

    /** Horizontal bars: each charted comparison's measured ratio next to its target ratio. */
    public static void ratios(List<Row> rows, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Row row : rows) {
            if (!row.comparison().charted() || !row.measured()) {
                continue;
            }
            String label = row.comparison().label();
            data.addValue(row.ratio(), "measured", label);
            if (row.comparison().check() instanceof Check.Ratio ratio && ratio.max() != null) {
                data.addValue(ratio.max(), "target (at most)", label);
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Time relative to the baseline (same run; lower is better)",
                null, "× baseline", data, PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.45f);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, MEASURED);
        renderer.setSeriesPaint(1, TARGET);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, png, 1100, 160 + 52 * Math.max(1, data.getColumnCount()));
    }

    /** Log-log lines: round-trip time against context size, one line per subject benchmark. */
    public static void sizes(List<Measurement> results, List<Catalogue.Line> lines, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Catalogue.Line line : lines) {
            String benchmark = line.benchmark();
            Map<Integer, Double> points = new TreeMap<>();
            for (Measurement m : results) {
                if (m.matches(benchmark, line.params()) && m.params().containsKey("size")) {
                    points.put(io.cloacina.bench.data.ContextSize.parse(m.params().get("size")).bytes(), m.nanos() / 1e6);
                }
            }
            if (benchmark.equals("CPythonJsonBenchmark.jsonRoundTrip")) {
                results.stream().filter(m -> m.benchmark().equals("CPythonJsonBenchmark.jsonRoundTrip1KB"))
                        .findFirst().ifPresent(m -> points.put(1024, m.nanos() / 1e6));
            }
            if (!points.isEmpty()) {
                XYSeries series = new XYSeries(line.title());
                points.forEach(series::add);
                data.addSeries(series);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Context round trip time by size (log-log)", null, null,
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(decades("context size (bytes of JSON)"));
        plot.setRangeAxis(decades("milliseconds per round trip"));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        save(chart, png, 1000, 600);
    }

    /** A base-10 log axis with one tick per decade, labelled with plain numbers (1, 10, 1,000). */
    private static LogAxis decades(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setTickUnit(new NumberTickUnit(1.0));
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        axis.setMinorTickCount(9);
        return axis;
    }

    private static void save(JFreeChart chart, Path png, int width, int height) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
    }
}
