/**
 * A panel that fails shows what failed instead of blanking the page: the visitor's text and the
 * other panels stay usable.
 */
import { Component, type ReactNode } from 'react';
import { words, type Language } from '../i18n/words.ts';

interface Props {
  readonly children: ReactNode;
  /** The tab's name, in the page's language. */
  readonly name: string;
  readonly language: Language;
}

export class ErrorBoundary extends Component<Props, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <p className="warning" role="alert">
        {words(this.props.language).ui.panelFailed(this.props.name, this.state.error.message)}
      </p>
    );
  }
}
