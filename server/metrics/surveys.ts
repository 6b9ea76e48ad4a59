import { ratio } from './stats.ts';
import { NO_SCORE, SURVEY_KINDS, type SurveyBlock } from './survey-blocks.ts';

/** Index into SURVEY_KINDS (survey-blocks.ts). */
const CSAT = 0;
const CES = 1;
/** Counts of SurveyResults.addBlock by (kind, scale, score) or (kind, answered); 0 between calls. */
const tally = new Int32Array(SURVEY_KINDS.length << 8);

/**
 * Survey metrics take the surveys whose `answeredAt` (for response rates: `sentAt`) is in range
 * and whose chat matches the filters, wherever that chat started. The engine feeds it the
 * surveys of the survey hour blocks (survey-blocks.ts) that fall in the range.
 */
export class SurveyResults {
  private csat = { count: 0, sum: 0, satisfied: 0 };
  private ces = { count: 0, sum7: 0, easy: 0 };
  private nps = { count: 0, promoters: 0, passives: 0, detractors: 0 };
  /** By kind: csat, ces, nps (SURVEY_KINDS order). */
  private sent = [0, 0, 0];
  private answered = [0, 0, 0];

  /** `count` answered surveys of one kind, scale and score. */
  addAnswered(kind: number, scale: number, score: number, count: number): void {
    if (kind === CSAT) {
      // `csat`: `count`, `mean` score, `rate` = fraction with score ≥ 4.
      this.csat.count += count;
      this.csat.sum += score * count;
      if (score >= 4) this.csat.satisfied += count;
    } else if (kind === CES) {
      // `ces`: `mean` on the 7-point scale (a 5-point score s counts as 1 + (s − 1)·6/4),
      // `rate` = fraction "easy" (score ≥ 4 on scale 5, ≥ 5 on scale 7).
      this.ces.count += count;
      this.ces.sum7 += (scale === 5 ? 1 + ((score - 1) * 6) / 4 : score) * count;
      if (score >= (scale === 5 ? 4 : 5)) this.ces.easy += count;
    } else {
      // `nps`: promoters (9–10), passives (7–8), detractors (0–6).
      this.nps.count += count;
      if (score >= 9) this.nps.promoters += count;
      else if (score >= 7) this.nps.passives += count;
      else this.nps.detractors += count;
    }
  }

  /**
   * Adds every survey of a block (all of them in scope and in this cell's range), counted by
   * kind, scale and score first. Exact: the figures are sums of whole numbers, or for ces of
   * multiples of 0.5 (1 + (s − 1)·6/4 on scale 5), which floating point adds without rounding
   * in any order; so counts give the same sums as adding the surveys one by one.
   */
  addBlock(b: Pick<SurveyBlock, 'n' | 'kind' | 'scale' | 'score'>, answered: boolean): void {
    const counts = tally;
    for (let i = 0; i < b.n; i++) {
      const scale = b.scale[i]!;
      const score = b.score[i]!;
      if (!answered) counts[b.kind[i]! * 2 + (score === NO_SCORE ? 0 : 1)]!++;
      else if (scale < 16 && score < 16) counts[(b.kind[i]! << 8) | (scale << 4) | score]!++;
      else this.addAnswered(b.kind[i]!, scale, score, 1);
    }
    const keys = answered ? counts.length : SURVEY_KINDS.length * 2;
    for (let key = 0; key < keys; key++) {
      const count = counts[key]!;
      if (count === 0) continue;
      counts[key] = 0;
      if (answered) this.addAnswered(key >> 8, (key >> 4) & 15, key & 15, count);
      else this.addSent(key >> 1, (key & 1) === 1, count);
    }
  }

  /** `surveys.responseRate`: surveys sent in range that have an answer / surveys sent in range. */
  addSent(kind: number, answered: boolean, count = 1): void {
    this.sent[kind]! += count;
    if (answered) this.answered[kind]! += count;
  }

  result() {
    const { csat, ces, nps } = this;
    return {
      csat: { count: csat.count, mean: ratio(csat.sum, csat.count), rate: ratio(csat.satisfied, csat.count) },
      ces: { count: ces.count, mean: ratio(ces.sum7, ces.count), rate: ratio(ces.easy, ces.count) },
      nps: {
        count: nps.count,
        promoters: nps.promoters,
        passives: nps.passives,
        detractors: nps.detractors,
        // `score` = 100·(promoters − detractors)/count.
        score: nps.count === 0 ? null : (100 * (nps.promoters - nps.detractors)) / nps.count,
      },
      surveys: {
        responseRate: {
          csat: ratio(this.answered[0]!, this.sent[0]!),
          ces: ratio(this.answered[1]!, this.sent[1]!),
          nps: ratio(this.answered[2]!, this.sent[2]!),
        },
      },
    };
  }
}
