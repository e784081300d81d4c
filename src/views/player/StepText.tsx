/** A step's text, with its links to other lessons as real links (step-text.ts has the markup). */
import { hrefFor, linkTo } from '../app/navigate.ts';
import { parseStepText } from './step-text.ts';

export function StepText({ text, className }: { text: string; className?: string }) {
  return (
    <p className={className}>
      {parseStepText(text).map((part, i) =>
        'text' in part ? (
          part.text
        ) : (
          <a key={i} href={hrefFor(part.lesson)} onClick={linkTo(part.lesson)}>
            {part.label}
          </a>
        ),
      )}
    </p>
  );
}
