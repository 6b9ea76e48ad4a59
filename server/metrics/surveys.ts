import { ratio } from './stats.ts';

type Kind = 'csat' | 'ces' | 'nps';

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
  addAnswered(kind: Kind, scale: number, score: number, count: number): void {
    if (kind === 'csat') {
      // `csat`: `count`, `mean` score, `rate` = fraction with score ≥ 4.
      this.csat.count += count;
      this.csat.sum += score * count;
      if (score >= 4) this.csat.satisfied += count;
    } else if (kind === 'ces') {
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

  /** `surveys.responseRate`: surveys sent in range that have an answer / surveys sent in range. */
  addSent(kind: number, answered: boolean): void {
    this.sent[kind]!++;
    if (answered) this.answered[kind]!++;
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
