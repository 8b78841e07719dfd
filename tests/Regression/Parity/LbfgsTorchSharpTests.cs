using OptimizerLab.Optimizers;
using OptimizerLab.Regression.Fixtures;
using OptimizerLab.Regression.TorchSharpLoading;
using TorchSharp;
using TorchParameter = TorchSharp.Modules.Parameter;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// TorchSharp's LBFGS (TorchSharp 0.107 calls libtorch 2.10's C++ <c>torch::optim::LBFGS</c>; it takes no
/// line_search_fn, so only fixed steps can be compared) against ours, on the PyTorch fixture's least squares in float64:
/// each side evaluates its own closure, 50 steps of lr 0.5, max_iter 3, history_size 4, every argument explicit
/// (TorchSharp's defaults are lr 0.01 and tolerance_grad 1e-5, not torch's 1 and 1e-7).
/// </summary>
public class LbfgsTorchSharpTests
{
    [Fact]
    public void TorchSharp_takes_the_same_steps_as_ours_and_as_PyTorch_1_13()
    {
        TorchSharpNative.EnsureLoaded();
        const string name = "LBFGS.max_iter3_history4.f64";
        var a = PyTorchFixtures.Read<double>($"{name}/A.npy");
        var b = PyTorchFixtures.Read<double>($"{name}/b.npy").Data;
        var x0 = PyTorchFixtures.Read<double>($"{name}/x0.npy").Data;
        var pytorch = PyTorchFixtures.Read<double>($"{name}/params.npy");

        var ours = new Parameter<double>(x0, "x");
        var lbfgs = new Lbfgs<double>([ours], new LbfgsOptions { Lr = 0.5, MaxIter = 3, HistorySize = 4 });
        double OurClosure()
        {
            double sum = 0;
            Array.Clear(ours.Grad);
            for (int r = 0; r < a.Rows; r++)
            {
                double residual = -b[r];
                for (int c = 0; c < a.Columns; c++) residual += a.Data[r * a.Columns + c] * ours.Value[c];
                sum += residual * residual;
                for (int c = 0; c < a.Columns; c++) ours.Grad[c] += a.Data[r * a.Columns + c] * residual;
            }

            return 0.5 * sum;
        }

        double worstOurs = 0, worstPyTorch = 0;
        NoCollectionDuringTorchCalls.Run(() =>
        {
            using var scope = torch.NewDisposeScope();
            var ta = torch.tensor(a.Data, [a.Rows, a.Columns], dtype: torch.float64);
            var tb = torch.tensor(b, dtype: torch.float64);
            var x = new TorchParameter(torch.tensor(x0, dtype: torch.float64), requires_grad: true);
            var optimizer = torch.optim.LBFGS([x], lr: 0.5, max_iter: 3, max_eval: null, tolerange_grad: 1e-7, tolerance_change: 1e-9, history_size: 4);
            Func<torch.Tensor> closure = () =>
            {
                optimizer.zero_grad();
                var r = ta.matmul(x) - tb;
                var loss = 0.5 * (r * r).sum();
                loss.backward();
                return loss;
            };
            for (int t = 0; t < 50; t++)
            {
                lbfgs.Step(OurClosure);
                optimizer.step(closure);
                var theirs = x.detach().data<double>().ToArray();
                for (int i = 0; i < theirs.Length; i++)
                {
                    worstOurs = Math.Max(worstOurs, Math.Abs(ours.Value[i] - theirs[i]) / Math.Max(1, Math.Abs(theirs[i])));
                    double p = pytorch.Data[(t + 1) * pytorch.Columns + i];
                    worstPyTorch = Math.Max(worstPyTorch, Math.Abs(p - theirs[i]) / Math.Max(1, Math.Abs(p)));
                }
            }
            return 0;
        });

        worstOurs.Should().BeLessThan(1e-12, "ours and TorchSharp take the same fixed steps");
        worstPyTorch.Should().BeLessThan(1e-12, "TorchSharp's C++ LBFGS follows PyTorch's Python one");
    }
}
