using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;
using static OptimizerLab.Properties.Core.Schedules.TorchSequences;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>CosineAnnealingWarmRestarts against torch's test_lrscheduler.py: whole steps, fractional steps, and jumps.</summary>
public class CosineAnnealingWarmRestartsTests
{
    private const double EtaMin = 1e-10;

    private static double Cosine(double baseLr, double tCur, double tI) => EtaMin + (baseLr - EtaMin) * (1 + Math.Cos(Math.PI * tCur / tI)) / 2;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Whole_steps_follow_torchs_test_lr1(int tMult)
    {
        // torch: T_0 = 10, 100 epochs; T_cur counts up and restarts at T_i, which grows by T_mult.
        var targets = new double[2][] { new double[100], new double[100] };
        double tCur = 0, tI = 10;
        for (int t = 0; t < 100; t++)
        {
            if (t > 0 && ++tCur >= tI)
            {
                tCur -= tI;
                tI *= tMult;
            }

            targets[0][t] = Cosine(0.05, tCur, tI);
            targets[1][t] = Cosine(0.5, tCur, tI);
        }

        Check(new CosineAnnealingWarmRestarts(Adam(0.05, 0.5), t0: 10, tMult: tMult, etaMin: EtaMin), targets);
    }

    public static TheoryData<int, double[], double[], long[]> Jumps() => new()
    {
        // torch's test_CosineAnnealingWarmRestarts_lr3: step(epoch) for each epoch after the first, and the T_cur and
        // T_i it must give (T_0 = 10).
        { 1, [0, 1, 2, 3, 4, 5, 12, 27, 3, 4, 5, 6, 13], [1, 2, 3, 4, 5, 2, 7, 3, 4, 5, 6, 3], [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10] },
        { 2, [0, 1, 2, 3, 4, 5, 25, 32, 33, 34, 80, 81, 3], [1, 2, 3, 4, 5, 15, 2, 3, 4, 10, 11, 3], [10, 10, 10, 10, 10, 20, 40, 40, 40, 80, 80, 10] },
        { 3, [0, 0.1, 0.2, 0.3, 1.3, 2.3, 17.5, 18.5, 19.5, 29.5, 30.5, 31.5, 50], [0.1, 0.2, 0.3, 1.3, 2.3, 7.5, 8.5, 9.5, 19.5, 20.5, 21.5, 10],
            [10, 10, 10, 10, 10, 30, 30, 30, 30, 30, 30, 90] },
    };

    [Theory]
    [MemberData(nameof(Jumps))]
    public void Jumps_to_any_epoch_follow_torchs_test_lr3(int tMult, double[] epochs, double[] tCurs, long[] tIs)
    {
        var schedule = new CosineAnnealingWarmRestarts(Adam(0.05, 0.5), t0: 10, tMult: tMult, etaMin: EtaMin);
        for (int i = 0; i < tCurs.Length; i++)
        {
            schedule.Step(epochs[i + 1]);
            schedule.TCur.Should().BeApproximately(tCurs[i], 1e-9, $"T_cur after step({epochs[i + 1]})");
            schedule.TI.Should().Be(tIs[i], $"T_i after step({epochs[i + 1]})");
            schedule.LastEpoch.Should().Be((long)Math.Floor(epochs[i + 1]));
            var lrs = Snapshot(schedule);
            lrs[0].Should().BeApproximately(Cosine(0.05, tCurs[i], tIs[i]), 1e-12);
            lrs[1].Should().BeApproximately(Cosine(0.5, tCurs[i], tIs[i]), 1e-12);
        }
    }

    [Fact]
    public void Fractional_steps_follow_torchs_test_lr2()
    {
        // torch: step(0.1), step(0.2), ... with T_0 = 10 and T_mult = 2; T_cur = round(T_cur + 0.1, 1) restarting at T_i.
        var schedule = new CosineAnnealingWarmRestarts(Adam(0.05, 0.5), t0: 10, tMult: 2, etaMin: EtaMin);
        double tCur = 0, tI = 10;
        for (int k = 1; k < 300; k++)
        {
            tCur = Math.Round(tCur + 0.1, 1);
            if (tCur >= tI)
            {
                tCur -= tI;
                tI *= 2;
            }

            schedule.Step(k / 10.0);
            Snapshot(schedule)[1].Should().BeApproximately(Cosine(0.5, tCur, tI), 1e-9, $"step({k / 10.0})");
        }
    }

    [Fact]
    public void A_plain_step_after_a_jump_continues_from_it()
    {
        // torch's docstring: step(26) then step() is step(27), not step(21).
        var schedule = new CosineAnnealingWarmRestarts(Adam(0.1), t0: 10);
        for (int i = 0; i < 20; i++) schedule.Step();
        schedule.Step(26);
        schedule.Step();
        (schedule.LastEpoch, schedule.TCur).Should().Be((27L, 7.0));
    }

    [Fact]
    public void A_negative_or_infinite_epoch_is_refused_and_nothing_changes()
    {
        var schedule = new CosineAnnealingWarmRestarts(Adam(0.1), t0: 10);
        schedule.Step();
        string before = schedule.SaveState().ToJsonString();
        var negative = () => schedule.Step(-1);
        negative.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Expected non-negative epoch, but got -1.0*");
        var infinite = () => schedule.Step(double.PositiveInfinity);
        infinite.Should().Throw<ArgumentOutOfRangeException>();
        schedule.SaveState().ToJsonString().Should().Be(before);
    }
}
