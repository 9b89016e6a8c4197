import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element met by the XML parser: its name, attributes and the text directly inside it.
struct ParsedElement {
  var name: String
  var attributes: [String: String]
  var text = ""
}

/// Parses a document with Foundation's XML parser; returns its elements in document order, or
/// records why the text is not well-formed XML.
func parsedElements(of document: String) -> [ParsedElement] {
  final class Collector: NSObject, XMLParserDelegate {
    var elements: [ParsedElement] = []
    var open: [Int] = []
    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      open.append(elements.count)
      elements.append(ParsedElement(name: elementName, attributes: attributes))
    }
    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
      qualifiedName: String?
    ) {
      open.removeLast()
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if let last = open.last { elements[last].text += string }
    }
  }
  let parser = XMLParser(data: Data(document.utf8))
  let collector = Collector()
  parser.delegate = collector
  let parsed = parser.parse()
  #expect(parsed, "not well-formed: \(String(describing: parser.parserError))")
  return collector.elements
}

/// The names of the elements of a document, in order (see `parsedElements(of:)`).
func elementNames(of document: String) -> [String] {
  parsedElements(of: document).map(\.name)
}
