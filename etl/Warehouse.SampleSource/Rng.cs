namespace Warehouse.SampleSource;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Own implementation (not System.Random) so that the
/// sequence for a seed never changes with the runtime version.
/// </summary>
internal sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    public Rng(int seed, ulong stream)
    {
        ulong x = unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ (stream * 0xD1B54A32D192ED03UL) ^ 0x2545F4914F6CDD1DUL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        unchecked
        {
            ulong z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public ulong NextU64()
    {
        unchecked
        {
            ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int Next(int n) => (int)(((NextU64() >> 32) * (ulong)n) >> 32);

    /// <summary>Uniform integer in [min, max).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal (Box-Muller, one value per call).</summary>
    public double Normal()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Exponential with mean 1.</summary>
    public double Exponential() => -Math.Log(1.0 - NextDouble());

    /// <summary>Poisson (Knuth; fine for the small means used here).</summary>
    public int Poisson(double lambda)
    {
        double l = Math.Exp(-lambda), p = 1.0;
        int k = 0;
        do
        {
            k++;
            p *= NextDouble();
        } while (p > l && k < 200);
        return k - 1;
    }

    /// <summary>Index drawn from a cumulative weight table (last entry = total).</summary>
    public int Pick(double[] cumulative)
    {
        double target = NextDouble() * cumulative[^1];
        int i = Array.BinarySearch(cumulative, target);
        i = i < 0 ? ~i : i + 1;
        return Math.Min(i, cumulative.Length - 1);
    }

    public static double[] Cumulate(ReadOnlySpan<double> weights)
    {
        var cum = new double[weights.Length];
        double s = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            s += weights[i];
            cum[i] = s;
        }
        return cum;
    }
}
