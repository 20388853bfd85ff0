/**
 * The part of jstat (https://github.com/jstat/jstat, MIT) gexray uses; the package ships no types.
 * `jStat.mean(a)`, `jStat.stdev(a, true)` (sample standard deviation, n − 1).
 */
declare module "jstat" {
  interface JStat {
    mean(values: readonly number[]): number;
    stdev(values: readonly number[], sample?: boolean): number;
  }
  const jStat: JStat;
  export default jStat;
}
