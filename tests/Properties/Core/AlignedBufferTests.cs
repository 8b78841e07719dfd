using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// <see cref="AlignedBuffer{T}"/> gives a span of the requested length starting on a 64-byte boundary, which stays there
/// after the GC compacts the heap (the array is pinned), and its padded stride rounds a row up to whole cache lines.
/// </summary>
public class AlignedBufferTests
{
    private static long Address<T>(Span<T> span) where T : unmanaged => Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref span[0]);

    private static void SpansAreAlignedAndFullLength<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Many buffers of many lengths: an unaligned array start (the usual 16-byte offset) shows up in some of them.
        var buffers = Enumerable.Range(1, 40).Select(n => new AlignedBuffer<T>(n)).ToList();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        foreach (var buffer in buffers)
        {
            var span = buffer.Span;
            span.Length.Should().Be(buffer.Length);
            (Address(span) % 64).Should().Be(0, $"a buffer of {buffer.Length} must start on a cache line");
            span.Fill(T.One); // every element is writable
        }

        buffers.Select(b => b.Length).Should().Equal(Enumerable.Range(1, 40));
    }

    [Fact]
    public void Spans_have_the_requested_length_and_start_on_64_bytes_float() => SpansAreAlignedAndFullLength<float>();

    [Fact]
    public void Spans_have_the_requested_length_and_start_on_64_bytes_double() => SpansAreAlignedAndFullLength<double>();

    [Theory]
    [InlineData(1, 16)]
    [InlineData(15, 16)]
    [InlineData(16, 16)]
    [InlineData(17, 32)]
    [InlineData(100, 112)]
    public void Padded_stride_rounds_float_rows_up_to_whole_cache_lines(int length, int stride) =>
        AlignedBuffer<float>.PaddedStride(length).Should().Be(stride); // 64 bytes hold 16 floats

    [Theory]
    [InlineData(1, 8)]
    [InlineData(8, 8)]
    [InlineData(9, 16)]
    [InlineData(100, 104)]
    public void Padded_stride_rounds_double_rows_up_to_whole_cache_lines(int length, int stride) =>
        AlignedBuffer<double>.PaddedStride(length).Should().Be(stride); // 64 bytes hold 8 doubles
}
