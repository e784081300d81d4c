import { Component, type ErrorInfo, type ReactNode } from 'react';
import { PartLoadError } from './lazy-part.ts';

interface Props {
  /** What failed, in words: "the space-time diagram". */
  area: string;
  /** For a part the learner opened (a dialog): a Close button beside "Try again". */
  onClose?: () => void;
  children: ReactNode;
}
interface State {
  error: Error | null;
}

/** A view that throws shows a message in its place; the rest of the page keeps working. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Roundtrip: ${this.props.area} failed`, error, info.componentStack);
  }

  /** Done with this error: a part that could not be downloaded is downloaded again when next shown. */
  private forget(): void {
    if (this.state.error instanceof PartLoadError) this.state.error.retry();
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="panel error-panel" role="alert">
        <p>
          Something went wrong in {this.props.area}: {this.state.error.message}
        </p>
        <div className="row">
          <button
            type="button"
            className="btn"
            onClick={() => {
              this.forget();
              this.setState({ error: null });
            }}
          >
            Try again
          </button>
          {this.props.onClose && (
            <button
              type="button"
              className="btn"
              onClick={() => {
                this.forget();
                this.props.onClose?.();
              }}
            >
              Close
            </button>
          )}
        </div>
      </div>
    );
  }
}
