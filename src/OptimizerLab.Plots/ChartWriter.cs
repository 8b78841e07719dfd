using ScottPlot;

namespace OptimizerLab.Plots;

/// <summary>Writes a plot as PNG or SVG by each path's extension, atomically (a temporary file beside it, then a rename).</summary>
internal static class ChartWriter
{
    public static void Save(Plot plot, IEnumerable<string> paths, int width, int height)
    {
        foreach (string path in paths)
        {
            string extension = Path.GetExtension(path).ToLowerInvariant();
            string temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp{extension}");
            try
            {
                switch (extension)
                {
                    case ".png": plot.SavePng(temporary, width, height); break;
                    case ".svg": plot.SaveSvg(temporary, width, height); break;
                    default: throw new ArgumentException($"Cannot write a chart as '{extension}' ({path}); use .png or .svg.");
                }

                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }
    }
}
