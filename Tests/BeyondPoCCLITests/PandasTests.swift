import Foundation
import Testing

/// The files load in pandas with the types analysts expect. Skipped where python3 has no pandas,
/// except under CI (`CI=true`), where a missing pandas is a failure: `.ci/run` installs it with pip.
@Suite struct PandasTests {
    static let pandasAvailable: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import pandas"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    static let underCI = ProcessInfo.processInfo.environment["CI"] == "true"

    @Test(.enabled(if: pandasAvailable || underCI))
    func resultFilesLoadInPandas() throws {
        try #require(Self.pandasAvailable, "pandas is missing: `python3 -c 'import pandas'` fails; CI must install it (pip install pandas)")
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let run = try CLI.run(["compare", file, "--trials", "2000", "--out", scratch.path("out"), "--no-progress"])
        #expect(run.status == 0, "\(run.stderr)")
        let fr = try CLI.run(["run", file, "--trials", "512", "--csv-dialect", "excel-fr", "--out", scratch.path("fr"), "--no-progress"])
        #expect(fr.status == 0, "\(fr.stderr)")
        let script = """
            import pandas as pd, sys
            d = sys.argv[1]
            s = pd.read_csv(d + "/out/summary.csv")
            assert list(s.columns) == ["scenario","mix","metric","year","mean","sd","mcse","p05","p25","p50","p75","p95"], list(s.columns)
            assert s.year.dtype.kind == "i" and sorted(s.year.unique()) == list(range(2026, 2036))
            assert all(s[c].dtype.kind == "f" for c in ["mean","sd","mcse","p05","p50","p95"])
            assert set(s.mix) == {"baseline", "More research"}
            c = pd.read_csv(d + "/out/compare.csv")
            assert list(c.columns) == ["metric","year","mix","baseline_mean","mix_mean","diff_mean","diff_mcse","diff_lo95","diff_hi95","p_better"]
            assert c.year.isna().sum() > 0 and c.p_better.between(0, 1).sum() > 0
            k = pd.read_csv(d + "/out/scalars.csv")
            assert k.n.dtype.kind == "i"
            f = pd.read_csv(d + "/fr/summary.csv", sep=";", decimal=",", encoding="utf-8-sig")
            assert f.columns[0] == "scenario" and f["mean"].dtype.kind == "f"
            m = pd.read_csv(d + "/out/metrics.csv", index_col="metric")
            assert list(m.columns) == ["label","unit","kind","direction"] and m.loc["spend.state.total", "unit"] == "€"
            assert set(m.index) == set(s.metric) | set(k.metric), "one row per metric"
            print(len(s), len(c), len(k))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, scratch.url.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(stderr)")
        #expect(!stdout.isEmpty)
    }

    /// `--per-trial --gzip`: pandas reads the .csv.gz files directly, and their column means by
    /// mix (and year) reproduce summary.csv's and scalars.csv's means; inputs joins trials-scalars
    /// on (trial, mix), the shape a regression needs.
    @Test(.enabled(if: pandasAvailable || underCI))
    func perTrialFilesLoadInPandas() throws {
        try #require(Self.pandasAvailable, "pandas is missing: `python3 -c 'import pandas'` fails; CI must install it (pip install pandas)")
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario + "\nmix \"No tools\"\n  without outils\n")
        let run = try CLI.run(["compare", file, "--trials", "2000", "--per-trial", "--gzip", "--out", scratch.path("out"), "--no-progress"])
        #expect(run.status == 0, "\(run.stderr)")
        let script = """
            import pandas as pd, numpy as np, sys
            d = sys.argv[1] + "/out/"
            t = pd.read_csv(d + "trials.csv.gz")
            k = pd.read_csv(d + "trials-scalars.csv.gz")
            i = pd.read_csv(d + "inputs.csv.gz")
            assert list(t.columns[:4]) == ["trial", "mix", "year", "projects.entered.poc"], list(t.columns[:4])
            assert len(t) == 2000 * 3 * 10 and len(k) == 2000 * 3 and len(i) == 2000 * 3, (len(t), len(k), len(i))
            assert t.year.dtype.kind == "i" and t["solutions.sustainable"].dtype.kind in "if"
            assert t.loc[t.mix == "No tools", "spend.state.outils"].isna().all()
            assert t.loc[t.mix != "No tools", "spend.state.outils"].notna().all()
            def check(means, reference, keys):
                long = means.reset_index().melt(id_vars=keys, var_name="metric", value_name="per_trial").dropna()
                both = reference.dropna(subset=["mean"]).merge(long, on=keys + ["metric"], how="outer", indicator=True)
                assert (both._merge == "both").all(), both[both._merge != "both"].head()
                scale = np.maximum(both["mean"].abs(), 1e-300)
                error = ((both["mean"] - both.per_trial).abs() / scale).max()
                assert error <= 1e-12, error
                return len(both)
            s = pd.read_csv(d + "summary.csv")
            c = pd.read_csv(d + "scalars.csv")
            n1 = check(t.drop(columns="trial").groupby(["mix", "year"]).mean(), s, ["mix", "year"])
            n2 = check(k.drop(columns="trial").groupby("mix").mean(), c, ["mix"])
            joined = i.merge(k, on=["trial", "mix"])
            assert len(joined) == len(i)
            print(n1, n2)
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, scratch.url.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(stderr)")
        // summary.csv: 3 variants × 32 series × 10 years, minus the 10 rows "No tools" lacks; scalars.csv: 3 × 17 defined.
        #expect(stdout.split(separator: " ").first == "950")
    }
}
