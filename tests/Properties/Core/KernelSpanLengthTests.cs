using OptimizerLab.Kernels;
using OptimizerLab.TestTable;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// Every kernel refuses spans of different lengths before its unchecked lane loops run: one span one element short, in
/// each position in turn, including the buffers only some options use (AMSGrad's max_exp_avg_sq, centered RMSprop's
/// grad_avg, SGD's momentum buffer).
/// </summary>
public class KernelSpanLengthTests
{
    private const int N = 4;

    /// <summary>Length N for every position but <paramref name="shortAt"/>, which gets N - 1.</summary>
    private static double[][] Spans(int count, int shortAt) =>
        Enumerable.Range(0, count).Select(k => new double[k == shortAt ? N - 1 : N]).ToArray();

    public static TheoryData<int> Positions(int count)
    {
        var data = new TheoryData<int>();
        for (int k = 0; k < count; k++) data.Add(k);
        return data;
    }

    private static void ShouldRefuse(Action kernel) =>
        FluentActions.Invoking(kernel).Should().Throw<ArgumentException>().WithMessage("*must hold*");

    /// <summary>Every optimizer kernel of the test table (each entry's <c>Kernels</c>), with each span position in turn.</summary>
    public static TheoryData<string, string, int> OptimizerKernels()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var entry in OptimizerTable.All)
        {
            foreach (var kernel in entry.Kernels)
            {
                for (int k = 0; k < kernel.Spans; k++) data.Add(entry.Name, kernel.Label, k);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OptimizerKernels))]
    public void An_optimizer_kernel_refuses_a_short_span(string optimizer, string kernel, int shortAt)
    {
        var call = OptimizerTable.Of(optimizer).Kernels.Single(k => k.Label == kernel);
        ShouldRefuse(() => call.Update(Spans(call.Spans, shortAt)));
    }

    [Fact]
    public void Adam_without_amsgrad_ignores_the_unused_max_buffer()
    {
        var s = Spans(4, -1);
        var scalars = default(AdamScalars<double>) with { Amsgrad = false, BiasCorrection2Sqrt = 1, Eps = 1 };
        FluentActions.Invoking(() => KernelDispatch.RunElementwise(scalars, s[0], s[1], s[2], s[3], [])).Should().NotThrow();
    }

    [Theory]
    [MemberData(nameof(Positions), 2)]
    public void Axpy_refuses_a_short_span(int shortAt)
    {
        var s = Spans(2, shortAt);
        ShouldRefuse(() => AxpyKernel.Add<double>(s[0], 1.0, s[1]));
    }

    [Theory]
    [MemberData(nameof(Positions), 5)]
    public void Fused_four_row_axpy_refuses_a_short_span(int shortAt)
    {
        var s = Spans(5, shortAt);
        var a = new double[4];
        foreach (bool simd in new[] { false, true })
            ShouldRefuse(() => FusedRowKernel.Axpy4<double>(s[0], a, new FourRows<double>(s[1], s[2], s[3], s[4]), simd));
    }

    [Theory]
    [MemberData(nameof(Positions), 5)]
    public void Fused_four_row_dot_refuses_a_row_shorter_than_w(int shortAt)
    {
        var s = Spans(5, shortAt);
        ShouldRefuse(() => FusedRowKernel.Dot4Simd512<double>(new FourRows<double>(s[0], s[1], s[2], s[3]), s[4], new double[4]));
        ShouldRefuse(() => FusedRowKernel.Dot4Scalar<double>(new FourRows<double>(s[0], s[1], s[2], s[3]), s[4], new double[4]));
    }

    [Theory]
    [MemberData(nameof(Positions), 10)]
    public void Fused_backward_and_forward_pass_refuses_a_short_span(int shortAt)
    {
        // y, the four rows done, the four next rows, w.
        var s = Spans(10, shortAt);
        ShouldRefuse(() => FusedRowKernel.Axpy4Dot4Simd512<double>(s[0], new double[4], new FourRows<double>(s[1], s[2], s[3], s[4]),
            new FourRows<double>(s[5], s[6], s[7], s[8]), s[9], new double[4]));
    }

    [Fact]
    public void Fused_four_row_dot_refuses_room_for_fewer_than_four_results()
    {
        var x = new double[N];
        FluentActions.Invoking(() => FusedRowKernel.Dot4Simd512<double>(new FourRows<double>(x, x, x, x), x, new double[3]))
            .Should().Throw<ArgumentException>().WithMessage("*room for four*");
    }

    [Fact]
    public void Fused_four_row_dot_accepts_room_for_more_than_four_results()
    {
        // x·w = 4·(1·1) per row with all ones; the fifth slot is left alone.
        var x = Enumerable.Repeat(1.0, N).ToArray();
        var dots = new double[] { 0, 0, 0, 0, 7 };
        FusedRowKernel.Dot4Simd512<double>(new FourRows<double>(x, x, x, x), x, dots);
        dots.Should().Equal(4, 4, 4, 4, 7);
    }
}
