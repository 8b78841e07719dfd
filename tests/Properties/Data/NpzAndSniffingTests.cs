using OptimizerLab.Data;
using static OptimizerLab.Properties.Data.NumpyFixtures;

namespace OptimizerLab.Properties.Data;

/// <summary>
/// .npz archives (np.savez, stored; np.savez_compressed, deflated) are read by array name, and refused without one
/// naming the arrays they hold; <see cref="DataFile"/> picks the reader by the file's first bytes, not its name.
/// </summary>
public sealed class NpzAndSniffingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_named_array_is_read_from_a_stored_or_deflated_archive(bool compressed)
    {
        string path = _folder.Write("d.npz", compressed ? NpzCompressed : NpzStored);
        var x = DataFile.ReadMatrix<float>(path + ":x");
        x.ShapeText.Should().Be("(2, 3)");
        x.Data.Should().Equal(1, 2, 3, 4, 5, 6);
        DataFile.ReadVector<double>(path + ":y").Should().Equal(1.0, 2.0);
        NpzArchive.Read<double>(path, "y.npy").Data.Should().Equal(1.0, 2.0);
    }

    [Fact]
    public void An_archive_without_an_array_name_is_refused_listing_its_arrays()
    {
        string path = _folder.Write("d.npz", NpzStored);
        FluentActions.Invoking(() => DataFile.ReadMatrix<float>(path)).Should().Throw<InvalidDataException>()
            .WithMessage($"{path} is a NumPy .npz archive holding the arrays 'x', 'y': name the array as {path}:x, or save each array to its own .npy file with np.save");
    }

    [Fact]
    public void A_zip_under_another_name_is_still_recognised()
    {
        string path = _folder.Write("d.csv", NpzCompressed);
        FluentActions.Invoking(() => DataFile.ReadMatrix<float>(path)).Should().Throw<InvalidDataException>().WithMessage("*is a NumPy .npz archive*");
    }

    [Fact]
    public void A_missing_array_is_named_with_the_ones_present()
    {
        string path = _folder.Write("d.npz", NpzStored);
        FluentActions.Invoking(() => DataFile.ReadMatrix<float>(path + ":z")).Should().Throw<InvalidDataException>()
            .WithMessage($"{path}: the archive holds no array 'z'; it holds the arrays 'x', 'y'");
    }

    [Fact]
    public void Values_in_an_archive_are_reported_under_archive_and_name()
    {
        string path = _folder.Write("d.npz", NpzStored);
        var e = FluentActions.Invoking(() => NpzArchive.Read<float>(path, "x")).Should().NotThrow();
        string bad = _folder.Write("bad.npz", [.. "PK\x03\x04"u8, 1, 2, 3]);
        FluentActions.Invoking(() => NpzArchive.Read<float>(bad, "x")).Should().Throw<InvalidDataException>()
            .WithMessage($"{bad}: not a readable .npz (zip) archive*");
    }

    [Fact]
    public void A_npy_file_under_another_name_is_read_as_npy()
    {
        string path = _folder.Write("x.dat", FortranFloat32);
        DataFile.ReadMatrix<float>(path).Data.Should().Equal(1, 4, 2, 5, 3, 6);
    }

    [Fact]
    public void An_archive_path_with_a_colon_splits_only_after_npz()
    {
        DataFile.Split("a.npz:x").Should().Be(("a.npz", "x"));
        DataFile.Split("dir:with:colons/a.csv").Should().Be(("dir:with:colons/a.csv", (string?)null));
        DataFile.Split("a.npz").Should().Be(("a.npz", (string?)null));
        DataFile.Split("a.npz:").Should().Be(("a.npz:", (string?)null));
    }
}
