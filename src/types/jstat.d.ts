/** The part of jStat (https://github.com/jstat/jstat, no bundled types) gexray uses. */
declare module "jstat" {
  interface JStat {
    /** standard deviation; `flag` true gives the sample (n − 1) estimator */
    stdev(values: number[], flag?: boolean): number;
    mean(values: number[]): number;
  }
  const jstat: { jStat: JStat };
  export default jstat;
}
