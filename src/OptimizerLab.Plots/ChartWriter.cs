using OptimizerLab.Data;
using ScottPlot;

namespace OptimizerLab.Plots;

/// <summary>Writes a plot as PNG or SVG by each path's extension, atomically (a temporary file beside it, flushed to disk, then renamed).</summary>
internal static class ChartWriter
{
    public static void Save(Plot plot, IEnumerable<string> paths, int width, int height)
    {
        foreach (string path in paths)
        {
            string extension = Path.GetExtension(path).ToLowerInvariant();
            byte[] bytes = extension switch
            {
                ".png" => plot.GetImageBytes(width, height, ImageFormat.Png),
                ".svg" => System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height)),
                _ => throw new ArgumentException($"Cannot write a chart as '{extension}' ({path}); use .png or .svg."),
            };
            SavePng(bytes, path);
        }
    }

    /// <summary>Writes already-encoded image bytes to <paramref name="path"/>, atomically.</summary>
    public static void SavePng(byte[] bytes, string path)
    {
        using var file = AtomicFile.Create(path);
        file.Stream.Write(bytes);
        file.Commit();
    }
}
